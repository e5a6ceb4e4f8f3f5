/**
 * The published artifacts: `npm pack` gives the runtime tarball (logcrest) and the build
 * tarball (@logcrest/build). Installed into an empty project, every subpath export resolves,
 * ESM and CJS copies share one runtime, the esbuild plugin instruments a file there, and the
 * bin runs. A production install of the runtime alone is small and holds no compiler.
 */
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { installProject, packTarballs, pinned, REPO as repo, run, type Tarballs } from "./helpers/pack";

let project: string;
let tarballs: Tarballs;

function packList(dir: string): string[] {
  const files = run("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], dir);
  return (JSON.parse(files) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

/**
 * Nothing shipped names a file that is not shipped: every `sourceMappingURL` of a shipped .js
 * points at a shipped map, and every source a shipped map names is shipped (stack traces and
 * debuggers must land on real files). Returns how many maps were checked.
 */
function expectNoDanglingMaps(list: readonly string[], dir = repo): number {
  const shipped = new Set(list);
  for (const js of list.filter((p) => p.endsWith(".js"))) {
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, js), "utf8"))?.[1];
    if (url !== undefined && !url.startsWith("data:")) expect(shipped.has(join(dirname(js), url)), `${js} names ${url}`).toBe(true);
  }
  const maps = list.filter((p) => p.endsWith(".js.map"));
  for (const m of maps) {
    const { sources } = JSON.parse(readFileSync(join(dir, m), "utf8")) as { sources: string[] };
    for (const src of sources) {
      const named = join(dirname(m), src);
      expect(shipped.has(named), `${m} names ${named}`).toBe(true);
    }
  }
  return maps.length;
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const st = lstatSync(join(dir, name));
    if (st.isFile()) total += st.size;
  }
  return total;
}

beforeAll(() => {
  tarballs = packTarballs();
  project = installProject("lc-user-", [tarballs.runtime, tarballs.build, pinned("esbuild"), pinned("ts-patch"), pinned("typescript"), pinned("@types/node")]);
}, 240_000);

describe("npm pack", () => {
  it("the runtime tarball ships compiled dist without maps or sources, LICENSE and CHANGELOG, and no build side", () => {
    const list = packList(repo);
    for (const f of ["dist/cjs/runtime/index.js", "dist/esm/index.mjs", "dist/build/transformer.js", "dist/build/esbuild.js", "dist/cjs/runtime/http/index.js", "dist/cjs/cli/main.js", "LICENSE", "CHANGELOG.md", "README.md"]) {
      expect(list, f).toContain(f);
    }
    expect(list.filter((p) => /^(test|fixtures|bench|transformer|esbuild-plugin|adapters|packages)\//.test(p) || p.startsWith("dist/cjs/transformer") || p.startsWith("dist/cjs/esbuild-plugin"))).toEqual([]);
    expect(list.filter((p) => p.endsWith(".map") || (p.endsWith(".ts") && !p.endsWith(".d.ts") && !p.endsWith(".d.mts")))).toEqual([]);
    expect(expectNoDanglingMaps(list)).toBe(0);
    // The compiled runtime names no map it does not ship (the build strips the comment).
    expect(readFileSync(join(repo, "dist/cjs/runtime/clock.js"), "utf8")).not.toContain("sourceMappingURL");
  });

  it("the build tarball ships the compiled build side and the sources its maps name", () => {
    const list = packList(join(repo, "packages", "build"));
    for (const f of ["dist/transformer/ts-patch/index.js", "dist/esbuild-plugin/index.js", "dist/transformer/core/analyze.js", "transformer/core/analyze.ts", "README.md"]) {
      expect(list, f).toContain(f);
    }
    expect(list.some((p) => p.endsWith(".md") && p !== "README.md")).toBe(false);
    expect(expectNoDanglingMaps(list, join(repo, "packages", "build"))).toBeGreaterThan(10);
  });

  it("a production install of the runtime alone is at most 1 MB and holds no compiler", () => {
    const prod = mkdtempSync(join(tmpdir(), "lc-prod-"));
    writeFileSync(join(prod, "package.json"), JSON.stringify({ name: "prod-app", version: "1.0.0", private: true }));
    run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", tarballs.runtime], prod);
    expect(readdirSync(join(prod, "node_modules")).filter((n) => !n.startsWith(".")).sort()).toEqual(["logcrest"]);
    expect(treeBytes(join(prod, "node_modules"))).toBeLessThanOrEqual(1024 * 1024);
    // The runtime and its HTTP entry work there; a build entry says what to install, in one line.
    expect(run(process.execPath, ["-e", "require('logcrest'); require('logcrest/http'); console.log('ok')"], prod).trim()).toBe("ok");
    for (const [entry, code] of [
      ["logcrest/esbuild", "require('logcrest/esbuild')"],
      ["logcrest/esbuild", "import('logcrest/esbuild')"],
      ["logcrest/transformer", "require('logcrest/transformer')"],
    ] as const) {
      const r = spawnSync(process.execPath, ["-e", code], { cwd: prod, encoding: "utf8" });
      expect(r.status, code).not.toBe(0);
      const lines = r.stderr.split("\n").filter((l) => l.includes("@logcrest/build"));
      expect(lines, r.stderr).toEqual([`${entry} needs the build package, which is not installed: npm install --save-dev @logcrest/build@0.1.0`]);
      expect(r.stderr, code).not.toMatch(/^\s+at /m);
    }
    const check = spawnSync(join(prod, "node_modules/.bin/logcrest"), ["check", "."], { cwd: prod, encoding: "utf8" });
    expect(check.status).toBe(1);
    expect(check.stderr).toBe("logcrest: logcrest check needs the build package, which is not installed: npm install --save-dev @logcrest/build@0.1.0\n");
  });

  it("in a project whose own typescript is 7, the esbuild plugin still instruments (it parses with its own TypeScript 6)", () => {
    const ts7 = installProject("lc-ts7-", [tarballs.runtime, tarballs.build, pinned("esbuild"), "typescript@7.0.2"], { type: "module" });
    expect((JSON.parse(readFileSync(join(ts7, "node_modules/typescript/package.json"), "utf8")) as { version: string }).version).toMatch(/^7\./);
    writeFileSync(join(ts7, "app.ts"), `import { configure, flush } from "logcrest";\nconfigure({ dir: "logs", console: false });\n/** @logcrest */\nexport function twice(n: number): number { return n * 2; }\nconsole.log(twice(21));\nawait flush();\n`);
    writeFileSync(
      join(ts7, "build.js"),
      `import { build } from "esbuild";\nimport logcrest from "logcrest/esbuild";\nawait build({ entryPoints: ["app.ts"], bundle: true, platform: "node", format: "esm", packages: "external", outfile: "out/app.js", plugins: [logcrest()], logLevel: "error" });\n`,
    );
    run(process.execPath, ["build.js"], ts7);
    expect(run(process.execPath, ["out/app.js"], ts7).trim()).toBe("42");
    const dir = join(ts7, "logs", "success");
    const recs = readFileSync(join(dir, readdirSync(dir)[0]!), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(recs[0]).toMatchObject({ function: "twice", file: "app.ts", line: 4 });
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
