/**
 * Parity of every text-emitter path with the esbuild build: each fixture case runs through
 * the Node load hook (under tsx, so it runs on Node 20 too), a Vite 8 SSR build, a Rollup 4
 * build, a Rolldown build, a webpack 5 build (swc-loader), an Rspack build
 * (builtin:swc-loader) and a `Bun.build` (target node, in a bun child process; its output
 * runs under Node like the others), in child processes, and must return the same value and write
 * the same records as its expected.json, which test/parity-fixtures.test.ts holds equal to
 * the esbuild build's (and to tspc's). One build per tool for all cases keeps this cheap.
 */
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import logcrest from "../adapters/rollup";
import { listFixturesSync, readExpected, runFixture } from "../fixtures/runner";
import { runBun } from "./helpers/bun";
import { REPO_ROOT } from "./helpers/tspc-project";

const fixtures = listFixturesSync();
// Inside the repository, so the bundles' `import "logcrest"` is this package (self-reference).
const OUT = path.join(REPO_ROOT, "test/.out", `parity-paths-${process.pid}`);
const include = ["fixtures/**"];
const inputs = Object.fromEntries(fixtures.map((name) => [name, path.join(REPO_ROOT, "fixtures", name, "input.ts")]));
const external = [/^logcrest(?:\/|$)/, /^node:/];
// The load hook runs the fixtures as ES modules (as a "type": "module" app would): a copy
// of fixtures/ in a package of that type, whose `logcrest` is this repository.
const HOOK_APP = path.join(OUT, "hook-app");

/** Rollup has no TypeScript of its own: esbuild strips types after our plugin (as @rollup/plugin-typescript would). */
function typescriptStep() {
  return {
    name: "strip-types",
    async resolveId(source: string, importer: string | undefined) {
      if (importer === undefined || !source.startsWith(".")) return null;
      return path.resolve(path.dirname(importer), source.endsWith(".ts") ? source : `${source}.ts`);
    },
    async transform(code: string, id: string) {
      if (!id.endsWith(".ts")) return null;
      const { transform } = await import("esbuild");
      const r = await transform(code, { loader: "ts", sourcemap: true, sourcefile: id, target: "node20" });
      return { code: r.code, map: r.map };
    },
  };
}

type WebpackLike = (config: object, done: (err: Error | null, stats?: { hasErrors(): boolean; toJson(): { errors?: Array<{ message: string }> } }) => void) => unknown;
/**
 * webpack 5 and Rspack as the README sets them up: our plugin, then the TypeScript loader
 * (swc; TC39 decorators on). The plugin comes from the built package through Node's own
 * require, as the tool loads our loader: the two must share one module (the step registry).
 */
async function webpackBuild(compile: WebpackLike, tool: string, loader: string): Promise<void> {
  const logcrestWebpack = (createRequire(__filename)("logcrest/webpack") as { default: (o: object) => object }).default;
  const swc = { jsc: { parser: { syntax: "typescript", decorators: true }, transform: { decoratorVersion: "2022-03" }, target: "es2022" } };
  const stats = await new Promise<Parameters<Parameters<WebpackLike>[1]>[1]>((resolve, reject) =>
    compile(
      {
        mode: "none", context: REPO_ROOT, target: "node20", devtool: false, entry: Object.fromEntries(fixtures.map((n) => [n, `./fixtures/${n}/input.ts`])),
        externalsType: "module", externals: external, experiments: { outputModule: true }, resolve: { extensions: [".ts", ".js"] },
        output: { path: path.join(OUT, tool), filename: "[name].mjs", module: true, library: { type: "module" } },
        plugins: [logcrestWebpack({ include, cache: false })], module: { rules: [{ test: /\.ts$/, loader, options: swc }] },
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  if (stats?.hasErrors()) throw new Error((stats.toJson().errors ?? []).map((e) => e.message).join("\n"));
}

const builds: Record<string, () => Promise<void>> = {
  vite: async () => {
    const { build } = await import("vite");
    await build({
      root: REPO_ROOT,
      configFile: false,
      logLevel: "silent",
      plugins: [logcrest({ include, cache: false })],
      ssr: { external: ["logcrest"] },
      build: { ssr: true, outDir: path.join(OUT, "vite"), emptyOutDir: true, target: "node20", rollupOptions: { input: inputs, external, output: { format: "es", entryFileNames: "[name].mjs" } } },
    });
  },
  rollup: async () => {
    const { rollup } = await import("rollup");
    const bundle = await rollup({ input: inputs, external, plugins: [logcrest({ include, root: REPO_ROOT, cache: false }), typescriptStep()], onwarn() {} });
    await bundle.write({ dir: path.join(OUT, "rollup"), format: "es", entryFileNames: "[name].mjs" });
    await bundle.close();
  },
  rolldown: async () => {
    const { build } = await import("rolldown");
    await build({ input: inputs, external, logLevel: "silent", plugins: [logcrest({ include, root: REPO_ROOT, cache: false })], output: { dir: path.join(OUT, "rolldown"), format: "es", entryFileNames: "[name].mjs" } });
  },
  webpack: async () => webpackBuild((await import("webpack")).default as unknown as WebpackLike, "webpack", require.resolve("swc-loader")),
  rspack: async () => webpackBuild((await import("@rspack/core")).rspack as unknown as WebpackLike, "rspack", "builtin:swc-loader"),
  // Bun.build exists only inside bun: the build script runs there, importing the plugin
  // as a user does (`logcrest/bun`, this package through its self-reference).
  bun: async () => {
    const script = path.join(OUT, "bun-build.ts");
    writeFileSync(
      script,
      `import logcrest from "logcrest/bun";
const result = await Bun.build({
  entrypoints: ${JSON.stringify(Object.values(inputs))},
  root: ${JSON.stringify(path.join(REPO_ROOT, "fixtures"))},
  outdir: ${JSON.stringify(path.join(OUT, "bun"))},
  naming: "[dir].mjs",
  target: "node",
  format: "esm",
  external: ["logcrest"],
  plugins: [logcrest({ include: ${JSON.stringify(include)}, root: ${JSON.stringify(REPO_ROOT)}, cache: false })],
});
if (!result.success) process.exit(1);
`,
    );
    const r = await runBun([script], REPO_ROOT);
    if (r.status !== 0) throw new Error(`Bun.build failed (${r.status}): ${r.stderr}${r.stdout}`);
  },
};

/**
 * Cases a tool's own output cannot run, whatever we do: Vite 8 and Rolldown (oxc) keep TC39 decorators
 * as written, and no Node up to 26 parses them. The check below proves the reason still holds.
 */
const CANNOT_RUN: Readonly<Record<string, readonly string[]>> = { "decorated-method": ["vite", "rolldown"] };

const built: Record<string, Promise<unknown>> = {};
beforeAll(() => {
  mkdirSync(path.join(HOOK_APP, "node_modules"), { recursive: true });
  writeFileSync(path.join(HOOK_APP, "package.json"), JSON.stringify({ name: "lc-parity-hook", private: true, type: "module" }));
  symlinkSync(REPO_ROOT, path.join(HOOK_APP, "node_modules/logcrest"), "dir");
  for (const name of fixtures) cpSync(path.join(REPO_ROOT, "fixtures", name), path.join(HOOK_APP, "fixtures", name), { recursive: true });
  for (const [tool, run] of Object.entries(builds)) {
    built[tool] = run().then(() => undefined, (err: unknown) => err);
    built[tool].catch(() => undefined);
  }
});
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

describe("fixtures: every path writes the records of the esbuild build", () => {
  it("covers every fixture case", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const tool of Object.keys(builds)) {
    it(`${tool} builds every case without an error`, async () => {
      expect(await built[tool]).toBeUndefined();
    }, 180_000);
  }

  for (const name of fixtures) {
    it(`${name}: load hook (tsx) and every bundler give the expected records`, async () => {
      const expected = await readExpected(name);
      const viaHook = await runFixture(path.join(HOOK_APP, "fixtures", name, "input.ts"), {
        cwd: HOOK_APP,
        nodeArgs: ["--import", "logcrest/register", "--import", "tsx"],
        env: { LOGCREST_BUILD_INCLUDE: include.join(","), LOGCREST_BUILD_CACHE: "false" },
      });
      expect(viaHook.result, "load hook").toEqual(expected.result);
      expect(viaHook.records, "load hook").toEqual(expected.records);
      for (const tool of Object.keys(builds)) {
        expect(await built[tool], tool).toBeUndefined();
        if (CANNOT_RUN[name]?.includes(tool)) {
          await expect(runFixture(path.join(OUT, tool, `${name}.mjs`)), tool).rejects.toThrow(/SyntaxError: Invalid or unexpected token/);
          continue;
        }
        const run = await runFixture(path.join(OUT, tool, `${name}.mjs`));
        expect(run.result, tool).toEqual(expected.result);
        expect(run.records, tool).toEqual(expected.records);
      }
    }, 120_000);
  }
});
