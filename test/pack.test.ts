/**
 * The published artifact: `npm pack` gives a tarball that works when installed into an
 * empty project — every subpath export resolves, ESM and CJS copies share one runtime,
 * the esbuild plugin instruments a file there, and the bin runs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const repo = resolve(__dirname, "..");
let project: string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), "lc-pack-"));
  // `npm test` has built dist already; --ignore-scripts keeps pack from rebuilding it under
  // other tests that are reading it.
  const name = run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", out], repo).trim().split("\n").pop()!;
  project = mkdtempSync(join(tmpdir(), "lc-user-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-app", version: "1.0.0", private: true }));
  const pinned = (pkg: string): string => `${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`;
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(out, name), pinned("esbuild"), pinned("ts-patch"), pinned("typescript"), pinned("@types/node")], project);
}, 240_000);

describe("npm pack", () => {
  it("ships dist and no sources or tests", () => {
    const files = run("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], repo);
    const list = (JSON.parse(files) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(list).toContain("dist/cjs/runtime/index.js");
    expect(list).toContain("dist/esm/index.mjs");
    expect(list).toContain("dist/cjs/transformer/ts-patch/index.js");
    expect(list).toContain("dist/cjs/esbuild-plugin/index.js");
    expect(list).toContain("dist/cjs/runtime/http/index.js");
    expect(list).toContain("dist/cjs/cli/main.js");
    expect(list.some((p) => p.startsWith("test/") || p.startsWith("runtime/"))).toBe(false);
  });

  it("CJS and ESM entries load one shared runtime and write real files", () => {
    writeFileSync(
      join(project, "both.mjs"),
      `import { createRequire } from "node:module";
import * as esm from "logcrest";
const cjs = createRequire(import.meta.url)("logcrest");
if (esm.log !== cjs.log || esm.__lc !== cjs.__lc) throw new Error("ESM and CJS copies split");
cjs.configure({ dir: "logs-both", console: false });
esm.log.info("from esm");
cjs.log.warn("from cjs");
await esm.flush();
const http = await import("logcrest/http");
const esb = await import("logcrest/esbuild");
if (typeof http.instrument !== "function" || typeof esb.default !== "function") throw new Error("subpaths");
console.log("ok");
`,
    );
    expect(run(process.execPath, ["both.mjs"], project).trim()).toBe("ok");
    const dir = join(project, "logs-both", "success");
    const text = readFileSync(join(dir, readdirSync(dir)[0]!), "utf8");
    const msgs = text.trim().split("\n").map((l) => JSON.parse(l).message);
    expect(msgs).toEqual(["from esm", "from cjs"]);
  });

  it("the esbuild plugin instruments a tagged file in the user's project", () => {
    writeFileSync(
      join(project, "app.ts"),
      `import { configure, flush } from "logcrest";
configure({ dir: "logs-app", console: false });
/** @logcrest */
export function add(a: number, b: number): number { return a + b; }
console.log(add(2, 3));
flush();
`,
    );
    writeFileSync(
      join(project, "build.mjs"),
      `import { build } from "esbuild";
import logcrest from "logcrest/esbuild";
await build({ entryPoints: ["app.ts"], bundle: true, platform: "node", outfile: "out/app.js", plugins: [logcrest()], logLevel: "error" });
`,
    );
    run(process.execPath, ["build.mjs"], project);
    expect(run(process.execPath, ["out/app.js"], project).trim()).toBe("5");
    const dir = join(project, "logs-app", "success");
    const recs = readFileSync(join(dir, readdirSync(dir)[0]!), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(recs.map((r) => r.message)).toEqual([
      "[Root] Invoking 'add'",
      expect.stringMatching(/^\[Root\] 'add' finished in /),
    ]);
    expect(recs[0]).toMatchObject({ function: "add", file: "app.ts", line: 4 });
  });

  it("tspc with \"transform\": \"logcrest/transformer\" instruments the user's project", () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "commonjs",
          strict: true,
          outDir: "tsc-out",
          rootDir: "src",
          types: ["node"],
          // @types/node 20 and TypeScript 6's lib disagree about Buffer; not ours to check
          skipLibCheck: true,
          plugins: [{ transform: "logcrest/transformer" }],
        },
        include: ["src"],
      }),
    );
    mkdirSync(join(project, "src"), { recursive: true });
    writeFileSync(
      join(project, "src", "main.ts"),
      `import { configure, flush } from "logcrest";
configure({ dir: "logs-tspc", console: false });
/** @flow pack-check */
export function total(xs: number[]): number {
  return xs.reduce((a, b) => add(a, b), 0);
}
/** @logcrest */
function add(a: number, b: number): number {
  return a + b;
}
console.log(total([1, 2, 3]));
void flush();
`,
    );
    run(process.execPath, [join(project, "node_modules/ts-patch/bin/tspc.js"), "-p", "."], project);
    expect(run(process.execPath, ["tsc-out/main.js"], project).trim()).toBe("6");
    const dir = join(project, "logs-tspc", "flows");
    const flows = readFileSync(join(dir, readdirSync(dir)[0]!), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(flows[1]).toMatchObject({ function: "total", file: "src/main.ts", flow_status: "success", steps: 3 });
    expect(flows[1].flow_id).toMatch(/^pack-check-[0-9a-f]{8}$/);
  });

  it("the ts-patch transformer entry is CommonJS and the bin runs", () => {
    const out = run(process.execPath, ["-e", "console.log(typeof require('logcrest/transformer').default)"], project);
    expect(out.trim()).toBe("function");
    expect(run(join(project, "node_modules/.bin/logcrest"), ["--help"], project)).toMatch(/check|view|report/);
  });
});
