// Builds dist/: tsc emits CommonJS (+ .d.ts + maps) into dist/cjs, then each ESM entry
// is a thin wrapper that re-exports the CommonJS build. One copy of every module is loaded
// whichever way a user imports us, so ESM and CJS users can never split the runtime state.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
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

const esmEntries = {
  "index.mjs": "../cjs/runtime/index.js",
  "esbuild.mjs": "../cjs/esbuild-plugin/index.js",
  "http.mjs": "../cjs/runtime/http/index.js",
};
mkdirSync(join(root, "dist/esm"), { recursive: true });
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
  const body =
    `import cjs from ${JSON.stringify(target)};\n` +
    `export const { ${names.join(", ")} } = cjs;\n` +
    `export default ${"default" in mod ? "cjs.default" : "cjs"};\n`;
  writeFileSync(join(root, "dist/esm", file), body);
}
if (failed) process.exit(1);
