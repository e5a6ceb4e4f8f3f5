// Builds our side of the call, disabled and flow cases from bench/src/*.ts the way a user
// would: esbuild with the logcrest plugin (`require("logcrest/esbuild")`, after
// `npm run build`). While the plugin is not built yet, it falls back to
// bench/src/handshaped/, the documented generated shape written by hand, and every result
// says which one ran.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SRC = join(REPO, "bench/src");
const OUT = join(REPO, ".tmp/bench");

/** The plugin factory from the built package, or undefined when it is not built. */
export function loadPlugin() {
  let mod;
  try {
    mod = require("logcrest/esbuild");
  } catch (err) {
    if (err.code === "MODULE_NOT_FOUND" || err.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw err;
  }
  const factory = typeof mod === "function" ? mod : (mod.logcrest ?? mod.default);
  if (typeof factory !== "function") throw new Error("logcrest/esbuild exports no plugin factory");
  return factory;
}

/** Number of `enter(` calls the build left in `file`: one per instrumented function. */
export function countInstrumented(file) {
  return (readFileSync(file, "utf8").match(/\.enter\(/g) ?? []).length;
}

/**
 * Builds calls.ts and flow.ts into .tmp/bench/<variant>/ as CommonJS that requires the
 * built `logcrest` package (and calls.ts once more as ESM). `pluginOptions.minLevel` gives the stripped variant, which only
 * the plugin can build. Returns the output files and how they were built.
 */
export async function buildOurs(pluginOptions = {}) {
  const esbuild = require("esbuild");
  const factory = loadPlugin();
  const stripped = pluginOptions.minLevel !== undefined;
  if (factory === undefined && stripped) return { how: "unavailable: logcrest/esbuild is not built", files: undefined };
  const variant = stripped ? `ours-min-${pluginOptions.minLevel}` : "ours";
  const outdir = join(OUT, variant);
  mkdirSync(outdir, { recursive: true });
  const srcDir = factory === undefined ? join(SRC, "handshaped") : SRC;
  await esbuild.build({
    entryPoints: [join(srcDir, "calls.ts"), join(srcDir, "flow.ts")],
    outdir,
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["logcrest"],
    absWorkingDir: REPO,
    plugins: factory === undefined ? [] : [factory(pluginOptions)],
    logLevel: "error",
  });
  // The same calls as an ESM bundle: `import { __lc }` stays a native import there, while
  // the CommonJS bundle reads it through esbuild's interop object (case 2 shows both).
  await esbuild.build({
    entryPoints: [join(srcDir, "calls.ts")],
    outfile: join(outdir, "calls.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["logcrest"],
    absWorkingDir: REPO,
    plugins: factory === undefined ? [] : [factory(pluginOptions)],
    logLevel: "error",
  });
  const files = { calls: join(outdir, "calls.cjs"), flow: join(outdir, "flow.cjs"), callsEsm: join(outdir, "calls.mjs") };
  for (const f of Object.values(files)) if (!existsSync(f)) throw new Error(`build wrote no ${f}`);
  // The build must have instrumented what the sources tag (quiet() is compiled out by minLevel=info).
  const expect = { calls: stripped ? 3 : 4, flow: 13, callsEsm: stripped ? 3 : 4 };
  for (const [k, f] of Object.entries(files)) {
    const n = countInstrumented(f);
    if (n !== expect[k]) throw new Error(`${f}: ${n} instrumented functions, expected ${expect[k]}`);
  }
  return { how: factory === undefined ? "hand-shaped generated code (plugin not built yet)" : "esbuild plugin", files };
}

/**
 * calls.ts built by tspc with the ts-patch transformer into CommonJS (the transformer's
 * own `var _lc = require("logcrest").__lc` prelude), for case 2. Undefined with the reason
 * when the transformer is not built.
 */
export function buildOursTspc() {
  if (!existsSync(join(REPO, "dist/cjs/transformer/ts-patch/index.js"))) return { how: "unavailable: logcrest/transformer is not built", files: undefined };
  const dir = join(OUT, "ours-tspc");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  // ts-patch resolves the transform from the project, as in a user's project.
  symlinkSync(REPO, join(dir, "node_modules/logcrest"), "dir");
  const tsconfig = {
    compilerOptions: {
      target: "es2022",
      module: "commonjs",
      moduleResolution: "node10",
      strict: true,
      skipLibCheck: true,
      outDir: "out",
      rootDir: join(SRC),
      types: [],
      lib: ["es2022"],
      ignoreDeprecations: "6.0",
      plugins: [{ transform: "logcrest/transformer" }],
    },
    files: [join(SRC, "calls.ts")],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const r = spawnSync(process.execPath, [join(REPO, "node_modules/ts-patch/bin/tspc.js"), "-p", dir], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tspc build of bench/src/calls.ts failed:\n${r.stdout}${r.stderr}`);
  const calls = join(dir, "out/calls.js");
  const n = countInstrumented(calls);
  if (n !== 4) throw new Error(`${calls}: ${n} instrumented functions, expected 4`);
  return { how: "tspc + logcrest/transformer", files: { calls } };
}

/** The source text of `function <name>(...) {...}` in a bundle (top-level, esbuild layout). */
export function functionText(file, name) {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(`function ${name}(`);
  if (start === -1) throw new Error(`${file}: no function ${name}`);
  const end = text.indexOf("\n}\n", start);
  return text.slice(start, end + 2);
}

/** calls.ts bundled by esbuild without the plugin: the uninstrumented reference for case 2. */
export async function buildPlainCalls() {
  const esbuild = require("esbuild");
  const outfile = join(OUT, "plain", "calls.cjs");
  await esbuild.build({
    entryPoints: [join(SRC, "calls.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    absWorkingDir: REPO,
    logLevel: "error",
  });
  return outfile;
}
