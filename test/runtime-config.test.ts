/**
 * Configuration: configure() > LOGCREST_* env > log_config.json > defaults, and a Node
 * warning with a code (and the default) for every kind of problem.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  resolveConfig,
  WARN_CONFIG_INVALID,
  WARN_INVALID_VALUE,
  WARN_UNKNOWN_KEY,
  WARN_UNKNOWN_LEVEL,
  type LogcrestOptions,
} from "../runtime/config";
import { bundleRuntime, runChild } from "./helpers/runtime-bundle";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "lc-config-"));
  return () => rmSync(cwd, { recursive: true, force: true });
});

interface Warning {
  code: string;
  message: string;
}

function resolve(options: LogcrestOptions = {}, env: Record<string, string> = {}, file?: unknown) {
  if (file !== undefined) writeFileSync(join(cwd, "log_config.json"), typeof file === "string" ? file : JSON.stringify(file));
  const warnings: Warning[] = [];
  const config = resolveConfig({ options, env, cwd, warn: (message, code) => warnings.push({ code, message }) });
  return { config, warnings };
}

const DEFAULTS = {
  dir: "logs",
  json: true,
  name: "app_logger",
  level: 10,
  maxSize: 5242880,
  backupCount: 3,
  queueSize: 0,
  maxValueLength: 16384,
  maxDepth: 16,
  maxItems: 1000,
  maxKeys: 1000,
  maxRecordSize: 262144,
  maxQueueBytes: 134217728,
  redact: [],
  censor: "[Redacted]",
  console: true,
  files: true,
  signals: true,
  handlers: [],
  propagate: false,
  otel: false,
};

const FILE = {
  base_log_dir: "file-dir",
  use_json: false,
  log_name: "file-name",
  log_level: "ERROR",
  max_log_size: 1000,
  backup_count: 9,
  max_queue_size: 77,
};

const ENV = {
  LOGCREST_DIR: "env-dir",
  LOGCREST_JSON: "true",
  LOGCREST_NAME: "env-name",
  LOGCREST_LEVEL: "warning",
  LOGCREST_MAX_SIZE: "2000",
  LOGCREST_BACKUP_COUNT: "4",
  LOGCREST_QUEUE_SIZE: "88",
};

describe("priority", () => {
  it("defaults when nothing is set", () => {
    expect(resolve()).toEqual({ config: DEFAULTS, warnings: [] });
  });

  it("log_config.json over defaults", () => {
    expect(resolve({}, {}, FILE)).toEqual({
      config: { ...DEFAULTS, dir: "file-dir", json: false, name: "file-name", level: 40, maxSize: 1000, backupCount: 9, queueSize: 77 },
      warnings: [],
    });
  });

  it("environment over log_config.json", () => {
    expect(resolve({}, ENV, FILE)).toEqual({
      config: { ...DEFAULTS, dir: "env-dir", json: true, name: "env-name", level: 30, maxSize: 2000, backupCount: 4, queueSize: 88 },
      warnings: [],
    });
  });

  it("configure() over environment, setting by setting", () => {
    const { config, warnings } = resolve({ dir: "opt-dir", level: "critical", json: false }, ENV, FILE);
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({ dir: "opt-dir", level: 50, json: false, name: "env-name", maxSize: 2000 });
  });

  it("an empty environment variable counts as unset", () => {
    expect(resolve({}, { LOGCREST_NAME: "" }, FILE).config.name).toBe("file-name");
  });

  it("numeric level strings are coerced; warn = warning; levels are case-insensitive", () => {
    expect(resolve({}, { LOGCREST_LEVEL: "30" }).config.level).toBe(30);
    expect(resolve({}, {}, { log_level: "40" }).config.level).toBe(40);
    expect(resolve({ level: 20 }).config.level).toBe(20);
    expect(resolve({ level: "WARN" }).config.level).toBe(30);
  });

  it("booleans from the environment; a negative queue size means no bound; console: false", () => {
    expect(resolve({}, { LOGCREST_JSON: "0" }).config.json).toBe(false);
    expect(resolve({}, { LOGCREST_JSON: "FALSE" }).config.json).toBe(false);
    expect(resolve({}, { LOGCREST_QUEUE_SIZE: "-5" }).config.queueSize).toBe(0);
    expect(resolve({ console: false }).config.console).toBe(false);
  });
});

describe("warnings", () => {
  it("malformed log_config.json: LOGCREST_CONFIG_INVALID and the defaults", () => {
    const { config, warnings } = resolve({}, {}, "{ base_log_dir: nope");
    expect(config).toEqual(DEFAULTS);
    expect(warnings).toEqual([{ code: WARN_CONFIG_INVALID, message: expect.stringContaining("is not valid JSON") }]);
  });

  it("unreadable log_config.json (a directory): LOGCREST_CONFIG_INVALID", () => {
    mkdirSync(join(cwd, "log_config.json"));
    const { config, warnings } = resolve();
    expect(config).toEqual(DEFAULTS);
    expect(warnings).toEqual([{ code: WARN_CONFIG_INVALID, message: expect.stringContaining("cannot be read") }]);
  });

  it("log_config.json that is not an object: LOGCREST_CONFIG_INVALID", () => {
    expect(resolve({}, {}, "[1,2]").warnings).toEqual([{ code: WARN_CONFIG_INVALID, message: expect.stringContaining("must hold a JSON object") }]);
  });

  it("unknown key in log_config.json: LOGCREST_CONFIG_UNKNOWN_KEY per key; known keys still apply", () => {
    const { config, warnings } = resolve({}, {}, { log_name: "kept", bas_log_dir: "typo", colour: true });
    expect(config.name).toBe("kept");
    expect(config.dir).toBe("logs");
    expect(warnings.map((w) => w.code)).toEqual([WARN_UNKNOWN_KEY, WARN_UNKNOWN_KEY]);
    expect(warnings[0]!.message).toContain('unknown key "bas_log_dir"');
    expect(warnings[1]!.message).toContain('unknown key "colour"');
  });

  it("unknown configure() option: LOGCREST_CONFIG_UNKNOWN_KEY", () => {
    const { warnings } = resolve({ directory: "x" } as LogcrestOptions);
    expect(warnings).toEqual([{ code: WARN_UNKNOWN_KEY, message: expect.stringContaining('unknown option "directory"') }]);
  });

  it("unknown level from any source: LOGCREST_UNKNOWN_LEVEL and DEBUG", () => {
    for (const [options, env, file] of [
      [{ level: "verbose" }, {}, undefined],
      [{}, { LOGCREST_LEVEL: "loud" }, undefined],
      [{}, {}, { log_level: "chatty" }],
      [{ level: -3 }, {}, undefined],
    ] as Array<[LogcrestOptions, Record<string, string>, unknown]>) {
      rmSync(join(cwd, "log_config.json"), { force: true });
      const { config, warnings } = resolve(options, env, file);
      expect(config.level).toBe(10);
      expect(warnings).toEqual([{ code: WARN_UNKNOWN_LEVEL, message: expect.stringContaining("using DEBUG") }]);
    }
  });

  it("a value of the wrong type: LOGCREST_CONFIG_INVALID_VALUE and the default", () => {
    const { config, warnings } = resolve({ console: "no" as unknown as boolean, handlers: [42 as never] }, { LOGCREST_MAX_SIZE: "big", LOGCREST_JSON: "maybe" }, { backup_count: 1.5 });
    expect(config).toMatchObject({ maxSize: 5242880, json: true, backupCount: 3, console: true, handlers: [] });
    expect(warnings.map((w) => w.code)).toEqual([WARN_INVALID_VALUE, WARN_INVALID_VALUE, WARN_INVALID_VALUE, WARN_INVALID_VALUE, WARN_INVALID_VALUE]);
    expect(warnings.map((w) => w.message).join("\n")).toContain('invalid value "big" from LOGCREST_MAX_SIZE');
  });
});

describe("through the real process (configure, env, log_config.json, process.emitWarning)", () => {
  let bundleDir: string;
  let bundle: string;
  beforeAll(() => {
    bundleDir = mkdtempSync(join(tmpdir(), "lc-bundle-"));
    bundle = bundleRuntime(bundleDir);
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  function run(env: Record<string, string>, file?: string) {
    if (file !== undefined) writeFileSync(join(cwd, "log_config.json"), file);
    const r = runChild(bundle, "config", cwd, env);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim()) as { warnings: Warning[]; records: Array<Record<string, unknown>> };
  }

  it("level and name from log_config.json, overridden by env, overridden by configure()", () => {
    const file = JSON.stringify({ log_level: "WARNING", log_name: "from-file" });
    let out = run({}, file);
    expect(out.records.map((r) => r.message)).toEqual(["warning record", "error record"]);
    expect(out.records[0]!.logger).toBe("from-file");
    out = run({ LOGCREST_LEVEL: "20", LOGCREST_NAME: "from-env" });
    expect(out.records.map((r) => r.message)).toEqual(["info record", "warning record", "error record"]);
    expect(out.records[0]!.logger).toBe("from-env");
    out = run({ LOGCREST_LEVEL: "20", LOGCREST_TEST_OPTIONS: JSON.stringify({ level: "error", name: "from-code" }) });
    expect(out.records.map((r) => [r.message, r.logger])).toEqual([["error record", "from-code"]]);
  });

  it("warnings go through process.emitWarning with their codes, once each", () => {
    const out = run(
      { LOGCREST_LEVEL: "shouty", LOGCREST_TEST_OPTIONS: JSON.stringify({ colour: true }) },
      JSON.stringify({ log_name: "x", max_log_size: "huge", extra: 1 }),
    );
    expect(out.warnings.map((w) => w.code).sort()).toEqual(
      [WARN_UNKNOWN_LEVEL, WARN_UNKNOWN_KEY, WARN_UNKNOWN_KEY, WARN_INVALID_VALUE].sort(),
    );
    // The unknown level fell back to DEBUG.
    expect(out.records.map((r) => r.message)).toEqual(["debug record", "info record", "warning record", "error record"]);
  });

  it("a malformed log_config.json warns and logging goes on with the defaults", () => {
    const out = run({}, "{not json");
    expect(out.warnings).toEqual([{ code: WARN_CONFIG_INVALID, message: expect.stringContaining("is not valid JSON") }]);
    expect(out.records).toHaveLength(4);
    expect(out.records[0]!.logger).toBe("app_logger");
  });
});
