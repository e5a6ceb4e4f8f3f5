/**
 * Containers (issue 15): `console: "json"` (LOGCREST_CONSOLE=json) writes every record,
 * flows included, as JSON lines on stdout; `files: false` (LOGCREST_FILES=false) writes no
 * file at all. Checked on the pipeline and in real child processes through the environment.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { resolveConfig, type ResolvedConfig } from "../runtime/config";
import { createPipeline } from "../runtime/create-pipeline";
import { onceReporter } from "../runtime/handlers/report";
import { StdoutJsonSink } from "../runtime/handlers/stdout-json";
import { DEBUG, ERROR, INFO } from "../runtime/levels";
import { K_FLOW_END, K_FLOW_START } from "../runtime/record";
import { runtimeBundleForSuite } from "./helpers/runtime-bundle";
import { testConfig } from "./helpers/runtime-config";
import { errnoError } from "./helpers/runtime-memory-driver";
import { flowRec, logRec } from "./helpers/runtime-recs";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "lc-containers-"));
  return () => rmSync(cwd, { recursive: true, force: true });
});

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig =>
  testConfig(join(cwd, "logs"), { name: "svc", console: "json", files: false, ...over });

describe("the options", () => {
  const resolve = (options: object, env: Record<string, string> = {}): ResolvedConfig => {
    const warnings: string[] = [];
    const c = resolveConfig({ options, env, cwd, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    return c;
  };
  it("console: true, false or json; files: true or false; from configure() or the environment", () => {
    expect(resolve({}).console).toBe(true);
    expect(resolve({}).files).toBe(true);
    expect(resolve({ console: "json" }).console).toBe("json");
    expect(resolve({}, { LOGCREST_CONSOLE: "json" }).console).toBe("json");
    expect(resolve({}, { LOGCREST_CONSOLE: "JSON" }).console).toBe("json");
    expect(resolve({}, { LOGCREST_CONSOLE: "false" }).console).toBe(false);
    expect(resolve({ console: true }, { LOGCREST_CONSOLE: "json" }).console).toBe(true);
    expect(resolve({}, { LOGCREST_FILES: "false" }).files).toBe(false);
    expect(resolve({ files: true }, { LOGCREST_FILES: "0" }).files).toBe(true);
  });
  it("a bad value warns and falls back", () => {
    const warnings: string[] = [];
    const c = resolveConfig({ options: { console: "xml" as never }, env: { LOGCREST_FILES: "maybe" }, cwd, warn: (m) => warnings.push(m) });
    expect(c.console).toBe(true);
    expect(c.files).toBe(true);
    expect(warnings).toEqual([
      expect.stringContaining(`invalid value "xml" from configure({ console }) (expected true, false or "json")`),
      expect.stringContaining(`invalid value "maybe" from LOGCREST_FILES`),
    ]);
  });
});

describe("console: json on the pipeline", () => {
  it("every record, DEBUG and flows included, one JSON line each, the same lines as the files", async () => {
    const chunks: string[] = [];
    const p = createPipeline(config(), {
      stamp: "c",
      report: onceReporter(() => undefined, new Set()),
      stdoutWrite: (data) => (chunks.push(data.toString("utf8")), data.length),
    });
    p.push(logRec(DEBUG, "debug one"));
    p.push(logRec(INFO, "info", { order: 42 }));
    p.push(logRec(ERROR, "bad"));
    p.push(flowRec(K_FLOW_START));
    p.push(flowRec(K_FLOW_END));
    await p.close();
    const text = chunks.join("");
    expect(text.endsWith("\n")).toBe(true);
    const records = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.message ?? r.flow_type)).toEqual(["debug one", "info", "bad", expect.any(String), expect.any(String)]);
    expect(records.map((r) => r.level)).toEqual(["DEBUG", "INFO", "ERROR", "INFO", "INFO"]);
    expect(records[1]!.order).toBe(42);
    expect(records[1]!.logger).toBe("svc");
    expect(records.slice(3).map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
    expect(existsSync(join(cwd, "logs"))).toBe(false); // files: false
  });

  it("a full pipe is waited for; a closed one is reported once and the other outputs go on", () => {
    const messages: string[] = [];
    let calls = 0;
    const sink = new StdoutJsonSink({
      level: DEBUG,
      loggerName: "svc",
      report: onceReporter((t) => messages.push(t), new Set()),
      write: (data) => {
        calls++;
        if (calls <= 2) throw errnoError("EAGAIN", "write", "stdout");
        if (calls === 3) return 10; // a short write
        if (calls === 4) return data.length;
        throw errnoError("EPIPE", "write", "stdout");
      },
    });
    sink.accept(logRec(INFO, "one"), undefined);
    sink.endBatch();
    expect(calls).toBe(4);
    sink.accept(logRec(INFO, "two"), undefined);
    sink.endBatch();
    sink.accept(logRec(INFO, "three"), undefined);
    sink.endBatch();
    expect(calls).toBe(5);
    expect(messages).toEqual([expect.stringContaining("cannot write JSON lines to stdout (EPIPE")]);
  });
});

describe("in a real process, from the environment", () => {
  const bundlePath = runtimeBundleForSuite();

  it("LOGCREST_CONSOLE=json LOGCREST_FILES=false: JSON lines on stdout, in order with the app's own output, no files; SIGTERM loses nothing", () => {
    const script = `const lc = require(${JSON.stringify(bundlePath())});
console.log("app says hi");
lc.log.debug("starting");
lc.flow("checkout", () => lc.log.info("inside", { n: 1 }));
for (let i = 0; i < 20000; i++) lc.log.info("r" + i);
process.kill(process.pid, "SIGTERM");`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("LOGCREST_") && v !== undefined) env[k] = v;
    const r = spawnSync(process.execPath, ["-e", script], {
      cwd,
      encoding: "utf8",
      env: { ...env, LOGCREST_CONSOLE: "json", LOGCREST_FILES: "false" },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.signal).toBe("SIGTERM");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("app says hi");
    const records = lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.slice(0, 4).map((x) => x.flow_type ?? x.message)).toEqual(["starting", "flow_start", "inside", "flow_end"]);
    expect(records.slice(4)).toHaveLength(20000);
    expect(records[2]!.trace_id).toBe(records[1]!.trace_id);
    expect(r.stderr).toBe("");
    expect(existsSync(join(cwd, "logs"))).toBe(false);
  });
});
