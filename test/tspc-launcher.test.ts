/**
 * `logcrest-tspc` (the bin of @logcrest/build), installed from the packed tarballs as a user
 * installs it. With TypeScript 7 in the project, where ts-patch's own tspc dies while loading,
 * it stops first with one line that says what to install. With TypeScript 6 it is tspc: the
 * same exit codes, output, emitted files and watch mode, for the same arguments.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tspcPreflight } from "../transformer/ts-patch/tspc-preflight";
import { installProject, packTarballs, pinned } from "./helpers/pack";

interface Ran {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

type Bin = "tspc" | "logcrest-tspc";

function runBin(project: string, bin: Bin, args: readonly string[]): Ran {
  const r = spawnSync(join(project, "node_modules", ".bin", bin), args, { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** Every emitted file under `dir` with its text, then `dir` removed (so the next run starts empty). */
function takeOutput(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, f);
    if (f.endsWith(".js") || f.endsWith(".map")) files[f] = readFileSync(path, "utf8");
  }
  rmSync(dir, { recursive: true, force: true });
  return files;
}

const tsconfig = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    compilerOptions: { target: "es2022", module: "commonjs", strict: true, outDir: "out", rootDir: "src", types: ["node"], skipLibCheck: true, sourceMap: true, plugins: [{ transform: "logcrest/transformer" }], ...extra },
    include: ["src"],
  });

const TAGGED = `import { flush } from "logcrest";\n/** @logcrest */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\nconsole.log(add(2, 3));\nvoid flush();\n`;

/** One tsc project per outcome, each in its own folder of the one npm project. */
const CASES = {
  ok: { "tsconfig.json": tsconfig(), "src/main.ts": TAGGED },
  "type-error": { "tsconfig.json": tsconfig(), "src/main.ts": TAGGED, "src/wrong.ts": `export const n: number = "not a number";\n` },
  "bad-tag": { "tsconfig.json": tsconfig(), "src/main.ts": `/** @logcrest levle=info */\nexport function f(): number {\n  return 1;\n}\n` },
} as const;

let tarballs: ReturnType<typeof packTarballs>;
/** Temp folders this file made: removed at the end. */
const made: string[] = [];
beforeAll(() => {
  tarballs = packTarballs();
  made.push(dirname(tarballs.runtime));
}, 120_000);
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("logcrest-tspc with TypeScript 7 in the project", () => {
  let ts7: string;
  beforeAll(() => {
    ts7 = installProject("lc-tspc7-", [tarballs.runtime, tarballs.build, pinned("ts-patch"), "typescript@7.0.2"]);
    made.push(ts7);
    write(ts7, { "tsconfig.json": tsconfig(), "src/main.ts": TAGGED });
  }, 240_000);

  it("ts-patch's own tspc still dies while loading, before any plugin (why logcrest-tspc checks first)", () => {
    expect(JSON.parse(readFileSync(join(ts7, "node_modules/typescript/package.json"), "utf8")).version).toBe("7.0.2");
    const r = runBin(ts7, "tspc", ["-p", "."]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Cannot read properties of undefined (reading 'LineFeed')");
    expect(r.stderr).toMatch(/ts-patch[\\/]config\.js/);
  });

  for (const args of [["-p", "."], ["--watch", "-p", "."], ["--build"]]) {
    it(`logcrest-tspc ${args.join(" ")}: one line saying what to install, exit code 1, nothing emitted`, () => {
      const r = runBin(ts7, "logcrest-tspc", args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.endsWith("\n")).toBe(true);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^logcrest-tspc: TypeScript 7\.0\.2 \(node_modules[\\/]typescript\) is the native compiler, with no transformer API/);
      expect(lines[0]).toContain("npm install --save-dev typescript@6");
      expect(lines[0]).toContain("logcrest/esbuild");
      expect(existsSync(join(ts7, "out"))).toBe(false);
    });
  }
});

describe("logcrest-tspc with TypeScript 6 in the project: exactly tspc", () => {
  let ts6: string;
  beforeAll(() => {
    ts6 = installProject("lc-tspc6-", [tarballs.runtime, tarballs.build, pinned("ts-patch"), pinned("typescript"), pinned("@types/node")]);
    made.push(ts6);
    for (const [name, files] of Object.entries(CASES)) write(join(ts6, name), files);
  }, 240_000);

  /** The same arguments through both commands: exit code, stdout, stderr and emitted files compared. */
  function both(dir: string, args: readonly string[]): { tspc: Ran & { out: Record<string, string> }; ours: Ran & { out: Record<string, string> } } {
    const tspc = { ...runBin(ts6, "tspc", args), out: takeOutput(join(ts6, dir, "out")) };
    const ours = { ...runBin(ts6, "logcrest-tspc", args), out: takeOutput(join(ts6, dir, "out")) };
    expect(ours).toEqual(tspc);
    return { tspc, ours };
  }

  it("a clean build: exit 0, the same instrumented output", () => {
    const { ours } = both("ok", ["-p", "ok"]);
    expect(ours.status).toBe(0);
    expect(ours.out["main.js"]).toMatch(/\.enter\(/);
    expect(Object.keys(ours.out)).toEqual(["main.js", "main.js.map"]);
  }, 120_000);

  it("a type error: exit 2 and the same diagnostics", () => {
    const { ours } = both("type-error", ["-p", "type-error"]);
    expect(ours.status).toBe(2);
    expect(ours.stdout).toContain("error TS2322");
  }, 120_000);

  it("a bad tag: the same located TS920001 error and exit code", () => {
    const { ours } = both("bad-tag", ["-p", "bad-tag"]);
    expect(ours.status).not.toBe(0);
    expect(ours.stdout).toMatch(/bad-tag[\\/]src[\\/]main\.ts[:(]1[,:]\d+\)?.*TS920001/);
  }, 120_000);

  it("passes every argument through (--version, --showConfig with overrides, an unknown flag)", () => {
    expect(both(".", ["--version"]).ours.stdout).toBe("Version 6.0.3\n");
    const shown = both(".", ["--showConfig", "-p", "ok", "--outDir", "elsewhere", "--target", "es2020"]).ours;
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).compilerOptions).toMatchObject({ outDir: "../elsewhere", target: "es2020" });
    const unknown = both(".", ["--no-such-flag"]).ours;
    expect(unknown.status).not.toBe(0);
    expect(unknown.stdout).toContain("no-such-flag");
  }, 120_000);

  it("--watch: rebuilds on a change like tspc, and stopping it stops the watcher it started", async () => {
    const watchOf = async (bin: Bin): Promise<{ transcript: string; signal: NodeJS.Signals | null; rebuilt: string }> => {
      const child = spawn(join(ts6, "node_modules", ".bin", bin), ["--watch", "-p", "ok"], { cwd: ts6, env: { ...process.env, NO_COLOR: "1" } });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      const watching = (times: number): Promise<void> =>
        new Promise((resolve, reject) => {
          const timer = setInterval(() => {
            if ((stdout.match(/Watching for file changes/g) ?? []).length >= times) {
              clearInterval(timer);
              resolve();
            } else if (child.exitCode !== null) {
              clearInterval(timer);
              reject(new Error(`${bin} exited: ${stdout}`));
            }
          }, 50);
        });
      await watching(1);
      writeFileSync(join(ts6, "ok/src/main.ts"), TAGGED.replace("add(2, 3)", "add(4, 5)"));
      await watching(2);
      const rebuilt = readFileSync(join(ts6, "ok/out/main.js"), "utf8");
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      child.kill("SIGTERM");
      const signal = await ended;
      writeFileSync(join(ts6, "ok/src/main.ts"), TAGGED);
      takeOutput(join(ts6, "ok/out"));
      // Timestamps differ between the two runs: "1:02:03 AM - Starting compilation in watch mode..."
      return { transcript: stdout.replace(/\d{1,2}:\d{2}:\d{2}(?: [AP]M)? - /g, "<time> - "), signal, rebuilt };
    };
    const tspc = await watchOf("tspc");
    const ours = await watchOf("logcrest-tspc");
    expect(ours).toEqual(tspc);
    expect(ours.signal).toBe("SIGTERM");
    expect(ours.rebuilt).toContain("add(4, 5)");
    expect(ours.transcript.match(/Found 0 errors\. Watching for file changes\./g)).toHaveLength(2);
    // No tspc of this project is left running behind the stopped launcher.
    const tspcOfProject = join(ts6, "node_modules", "ts-patch", "bin", "tspc.js");
    const alive = readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(tspcOfProject);
        } catch {
          return false; // gone while we looked
        }
      });
    expect(alive).toEqual([]);
  }, 180_000);
});

describe("tspcPreflight (what logcrest-tspc checks)", () => {
  function fakeProject(packages: Record<string, object>): string {
    const dir = mkdtempSync(join(tmpdir(), "lc-preflight-"));
    made.push(dir);
    for (const [name, manifest] of Object.entries(packages)) write(dir, { [`node_modules/${name}/package.json`]: JSON.stringify({ name, ...manifest }) });
    return dir;
  }

  it("no ts-patch: says to install it", () => {
    const dir = fakeProject({});
    expect(tspcPreflight(dir, dir)).toEqual({ ok: false, message: "logcrest-tspc: ts-patch is not installed in this project: npm install --save-dev ts-patch typescript@6" });
  });

  it("no typescript beside ts-patch: says to install TypeScript 6", () => {
    const dir = fakeProject({ "ts-patch": { version: "3.3.0", bin: { tspc: "./bin/tspc.js" } } });
    expect(tspcPreflight(dir, dir)).toEqual({ ok: false, message: "logcrest-tspc: tspc needs TypeScript in this project: npm install --save-dev typescript@6" });
  });

  it("TypeScript older than 5: the supported range and what to install", () => {
    const dir = fakeProject({ "ts-patch": { version: "3.3.0", bin: { tspc: "./bin/tspc.js" } }, typescript: { version: "4.9.5" } });
    const r = tspcPreflight(dir, dir);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^logcrest-tspc: TypeScript 4\.9\.5 \(node_modules[\\/]typescript\): logcrest\/transformer supports TypeScript 5\.0 to 6\.x\. Install TypeScript 6 for tspc \(npm install --save-dev typescript@6\)/);
  });

  it("TypeScript 5 or 6: hands over to the tspc that ts-patch declares", () => {
    const dir = fakeProject({ "ts-patch": { version: "3.3.0", bin: { tspc: "./bin/tspc.js" } }, typescript: { version: "5.9.3" } });
    expect(tspcPreflight(dir, dir)).toEqual({ ok: true, tspcBin: join(dir, "node_modules/ts-patch/bin/tspc.js"), typescriptVersion: "5.9.3" });
  });

  it("finds ts-patch beside the build package when the working directory has none (a subfolder build)", () => {
    const empty = mkdtempSync(join(tmpdir(), "lc-preflight-empty-"));
    made.push(empty);
    const r = tspcPreflight(empty);
    expect(r).toMatchObject({ ok: true, typescriptVersion: (require("typescript/package.json") as { version: string }).version });
    expect(r.ok && r.tspcBin).toBe(require.resolve("ts-patch/bin/tspc.js"));
  });
});
