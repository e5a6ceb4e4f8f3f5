// Builds dist/: tsc emits CommonJS (+ .d.ts + maps) into dist/cjs, then each ESM entry
// is a thin wrapper that re-exports the CommonJS build. One copy of every module is loaded
// whichever way a user imports us, so ESM and CJS users can never split the runtime state.
//
// The build side (transformer/, esbuild-plugin/, adapters/) is then copied into the build
// package, packages/build (`@logcrest/build`, which carries the compiler), and the runtime
// package's `logcrest/<tool>` entries become forwarders to it (entries/build-package.ts).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
// dist/ is not wiped first: tests in other processes may be reading it while we build.
// tsc emits even when it reports type errors; we still write the wrappers, then fail.
let failed = false;
try {
  execFileSync(process.execPath, [require.resolve("typescript/lib/tsc.js"), "-p", join(root, "tsconfig.json")], {
    stdio: "inherit",
  });
} catch {
  failed = true;
}

// ---- the build package: compiled build side + the sources its maps name -------------------
const BUILD_ROOMS = ["transformer", "esbuild-plugin", "adapters"];
const buildPkg = join(root, "packages/build");
for (const room of BUILD_ROOMS) {
  if (!existsSync(join(root, room)) || !existsSync(join(root, "dist/cjs", room))) continue;
  cpSync(join(root, "dist/cjs", room), join(buildPkg, "dist", room), { recursive: true });
  // The sources beside dist/, as the copied maps name them (see below); no tests, no docs.
  cpSync(join(root, room), join(buildPkg, room), { recursive: true, filter: (src) => !src.endsWith(".md") });
  for (const file of readdirSync(join(buildPkg, "dist", room), { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".js.map")) continue;
    // tsc wrote sources relative to dist/cjs/<room>/...; in the build package the compiled
    // file is one level shallower (dist/<room>/...) than in the repo: drop one "../".
    const mapFile = join(buildPkg, "dist", room, file);
    const map = JSON.parse(readFileSync(mapFile, "utf8"));
    map.sources = map.sources.map((s) => s.replace(/^\.\.\//, ""));
    writeFileSync(mapFile, JSON.stringify(map));
  }
}

// Its commands (`logcrest-tspc`): npm makes a bin executable when it installs a package, but
// not a workspace package whose dist/ did not exist yet at `npm ci`.
for (const bin of Object.values(JSON.parse(readFileSync(join(buildPkg, "package.json"), "utf8")).bin ?? {})) {
  if (existsSync(join(buildPkg, bin))) chmodSync(join(buildPkg, bin), 0o755);
}

// The runtime modules the build side reads: the contract between the instrumented code and
// the runtime (levels, flags, names) and the redaction path syntax. Each imports nothing, so
// it travels alone. The list is the build package's `files` (test/layout.test.ts checks that
// the build side loads no other runtime module).
const carried = JSON.parse(readFileSync(join(buildPkg, "package.json"), "utf8")).files.filter((f) => f.startsWith("runtime/"));
for (const base of carried.map((f) => f.replace(/\.ts$/, ""))) {
  mkdirSync(join(buildPkg, "dist", dirname(base)), { recursive: true });
  mkdirSync(join(buildPkg, dirname(base)), { recursive: true });
  for (const ext of [".js", ".d.ts", ".js.map"]) {
    const from = join(root, "dist/cjs", base + ext);
    if (!existsSync(from)) continue;
    if (ext === ".js.map") {
      const map = JSON.parse(readFileSync(from, "utf8"));
      map.sources = map.sources.map((s) => s.replace(/^\.\.\//, ""));
      writeFileSync(join(buildPkg, "dist", base + ext), JSON.stringify(map));
    } else cpSync(from, join(buildPkg, "dist", base + ext));
  }
  cpSync(join(root, base + ".ts"), join(buildPkg, base + ".ts"));
}

// ---- the runtime package ships compiled JS without source maps -----------------------------
// A production install has a 1 MB budget, and maps plus the sources they name were half of it.
// Shipping neither keeps stack traces honest: they name the .js files that are installed,
// never a .ts file that is not. (The build package keeps its maps and sources: it is a dev
// dependency, and its frames are read at build time.) Runs after the contract's map was copied.
const RUNTIME_ROOMS = ["runtime", "cli", "entries"];
for (const room of RUNTIME_ROOMS) {
  const dir = join(root, "dist/cjs", room);
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, file);
    if (file.endsWith(".js.map")) rmSync(path);
    else if (file.endsWith(".js")) {
      const code = readFileSync(path, "utf8");
      const stripped = code.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, "\n");
      if (stripped !== code) writeFileSync(path, stripped);
    }
  }
}

// ---- logcrest/<tool>: forwarders to the build package -------------------------------------
// [subpath in @logcrest/build, has a default export]
const forwarders = {
  esbuild: ["esbuild", true],
  transformer: ["transformer", true],
  register: ["register", false],
  vite: ["vite", true],
  rollup: ["rollup", true],
  webpack: ["webpack", true],
  rspack: ["rspack", true],
  bun: ["bun", true],
};
mkdirSync(join(root, "dist/build"), { recursive: true });
for (const [name, [subpath, hasDefault]] of Object.entries(forwarders)) {
  writeFileSync(
    join(root, "dist/build", `${name}.js`),
    `"use strict";\nmodule.exports = require("../cjs/entries/build-package.js").forwardToBuild(${JSON.stringify(subpath)}, "logcrest/${name}");\n`,
  );
  const spec = JSON.stringify(`@logcrest/build/${subpath}`);
  writeFileSync(join(root, "dist/build", `${name}.d.ts`), `export * from ${spec};\n${hasDefault ? `export { default } from ${spec};\n` : ""}`);
  // ESM importers (nodenext) see a CommonJS declaration's default as the whole module: give
  // them an ES declaration whose default is the plugin function, as the .mjs wrapper does.
  if (hasDefault) {
    mkdirSync(join(root, "dist/esm"), { recursive: true });
    writeFileSync(join(root, "dist/esm", `${name}.d.mts`), `export * from ${spec};\nimport { logcrest } from ${spec};\nexport default logcrest;\n`);
  }
}

// ---- ESM wrappers over the CommonJS entries ------------------------------------------------
const esmEntries = {
  "index.mjs": "../cjs/runtime/index.js",
  "esbuild.mjs": "../build/esbuild.js",
  "vite.mjs": "../build/vite.js",
  "rollup.mjs": "../build/rollup.js",
  "webpack.mjs": "../build/webpack.js",
  "rspack.mjs": "../build/rspack.js",
  "bun.mjs": "../build/bun.js",
  "http.mjs": "../cjs/runtime/http/index.js",
  "clickhouse.mjs": "../cjs/runtime/clickhouse/index.js",
};
mkdirSync(join(root, "dist/esm"), { recursive: true });
// Entries run for their effect (registering hooks): imported, never loaded here.
for (const name of ["register"]) writeFileSync(join(root, "dist/esm", `${name}.mjs`), `import "../build/${name}.js";\n`);
for (const [file, target] of Object.entries(esmEntries)) {
  if (!existsSync(join(root, "dist/esm", target))) {
    console.error(`build: entry ${target} is missing`);
    failed = true;
    continue;
  }
  const mod = require(join(root, "dist/esm", target));
  const names = Object.keys(mod).filter((n) => n !== "default" && n !== "__esModule");
  // A CJS module compiled from `export default x` keeps x on `.default`; ESM users expect
  // `import plugin from "logcrest/esbuild"` to be x itself.
  // A module with a default export is a build plugin: Node hands `import cjs from` the whole
  // module.exports, but Bun hands it `exports.default` when the module says `__esModule`, so
  // `cjs.default` was undefined under Bun. `require` means one thing in both. (Runtime entries
  // keep the static import: users' bundlers follow it, and they have no default to confuse.)
  const load =
    "default" in mod
      ? `import { createRequire } from "node:module";\nconst cjs = createRequire(import.meta.url)(${JSON.stringify(target)});\n`
      : `import cjs from ${JSON.stringify(target)};\n`;
  const body = load + `export const { ${names.join(", ")} } = cjs;\n` + `export default ${"default" in mod ? "cjs.default" : "cjs"};\n`;
  writeFileSync(join(root, "dist/esm", file), body);
}
if (failed) process.exit(1);
