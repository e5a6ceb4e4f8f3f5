/**
 * Real `tspc` builds for tests: a temp project on disk whose tsconfig loads
 * `logcrest/transformer` exactly as a user's would, compiled by ts-patch's live compiler
 * in a child process, and run with node in another child process.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "../..");
const TSPC = join(REPO_ROOT, "node_modules/ts-patch/bin/tspc.js");
const TRANSFORMER_DIST = join(REPO_ROOT, "dist/cjs/transformer/ts-patch/index.js");

/** `esm`: module nodenext + "type": "module"; `esnext`: module esnext; `cjs`: module commonjs. */
export type OutputKind = "esm" | "esnext" | "cjs";

export interface TsProjectOptions {
  /** Source files, path relative to the project root (e.g. `src/main.ts`) → contents. */
  files: Record<string, string>;
  output: OutputKind;
  /** Extra fields of the plugin entry (include, exclude, minLevel). */
  plugin?: Record<string, unknown>;
  /** Extra compilerOptions. */
  compilerOptions?: Record<string, unknown>;
  /** Plugin `transform` value; default the package export a user writes. */
  transform?: string;
  /** tsconfig `include`; default `["src"]` (with rootDir `src`). */
  include?: string[];
  /** Build without the plugin (the reference an instrumented build is compared with). */
  noPlugin?: boolean;
}

export interface TsProject {
  dir: string;
  /** Compiled output directory (`out/`, mirroring `src/`). */
  outDir: string;
  cleanup(): void;
}

/**
 * The transformer runs from dist/ (that is what ts-patch loads). A stale build would make
 * every test here lie, so refuse to run against one.
 */
export function assertTransformerBuilt(): void {
  let built: number;
  try {
    built = statSync(TRANSFORMER_DIST).mtimeMs;
  } catch {
    throw new Error(`${TRANSFORMER_DIST} is missing: run \`npm run build\` before these tests`);
  }
  const sources = readdirSync(join(REPO_ROOT, "transformer"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of sources) {
    if (statSync(join(REPO_ROOT, "transformer", file)).mtimeMs > built) {
      throw new Error(`transformer/${file} is newer than dist/: run \`npm run build\` before these tests`);
    }
  }
}

export function makeTsProject(options: TsProjectOptions): TsProject {
  const dir = mkdtempSync(join(tmpdir(), "lc-tspc-"));
  mkdirSync(join(dir, "node_modules"));
  // `logcrest` resolves to this repository, through its package.json "exports".
  symlinkSync(REPO_ROOT, join(dir, "node_modules/logcrest"), "dir");
  const moduleOptions =
    options.output === "cjs"
      ? { module: "commonjs", moduleResolution: "node10" }
      : options.output === "esnext"
        ? { module: "esnext", moduleResolution: "bundler" }
        : { module: "nodenext", moduleResolution: "nodenext" };
  const tsconfig = {
    compilerOptions: {
      target: "es2022",
      ...moduleOptions,
      strict: true,
      skipLibCheck: true,
      rootDir: "src",
      outDir: "out",
      sourceMap: true,
      types: ["node"],
      typeRoots: [join(REPO_ROOT, "node_modules/@types")],
      ignoreDeprecations: "6.0",
      ...options.compilerOptions,
      plugins: options.noPlugin ? [] : [{ transform: options.transform ?? "logcrest/transformer", ...options.plugin }],
    },
    include: options.include ?? ["src"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  // `esnext` output is ESM too: Node needs "type": "module" to run it as such.
  const type = options.output === "cjs" ? "commonjs" : "module";
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "lc-tspc-fixture", private: true, type }));
  for (const [path, text] of Object.entries(options.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, outDir: join(dir, "out"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs ts-patch's live compiler (`tspc -p dir`) in a child process. */
export function runTspc(dir: string): ProcessResult {
  const r = spawnSync(process.execPath, [TSPC, "-p", dir], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Compiled path of a source file: `src/a/b.ts` → `<outDir>/a/b.js`. */
export function outputPath(project: TsProject, source: string): string {
  return join(project.outDir, source.replace(/^src\//, "").replace(/\.tsx$/, ".js").replace(/\.([mc]?)ts$/, ".$1js"));
}

export interface RunResult extends ProcessResult {
  logDir: string;
}

/** Runs a compiled entry with node, logs written under a fresh LOGCREST_DIR. */
export function runNode(project: TsProject, entry: string, nodeArgs: string[] = []): RunResult {
  const logDir = mkdtempSync(join(project.dir, "logs-"));
  const env: NodeJS.ProcessEnv = { ...process.env, LOGCREST_DIR: logDir, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [...nodeArgs, entry], { cwd: project.dir, encoding: "utf8", env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, logDir };
}

/** Every JSON record written under `logDir` (success/, error/, flows/), in file order per folder. */
export function readRecords(logDir: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const sub of ["success", "error", "flows"]) {
    let names: string[];
    try {
      names = readdirSync(join(logDir, sub));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    for (const name of names.filter((n) => n.endsWith(".log")).sort()) {
      for (const line of readFileSync(join(logDir, sub, name), "utf8").split("\n")) {
        if (line.trim() !== "") records.push(JSON.parse(line) as Record<string, unknown>);
      }
    }
  }
  return records;
}

/** stderr without the runtime's own console lines (`2026-…Z LEVEL …`): what is left is a real problem. */
export function unexpectedStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => line !== "" && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) /.test(line))
    .join("\n");
}
