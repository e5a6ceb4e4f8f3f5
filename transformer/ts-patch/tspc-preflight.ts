/**
 * What `logcrest-tspc` checks before it hands over to ts-patch's `tspc`: that ts-patch is
 * there and that the TypeScript it will load is one it (and logcrest/transformer) can run.
 *
 * Why a check outside ts-patch: with TypeScript 7 installed, `require("typescript")` is a
 * stub that exports only `version` (typescript@7's `lib/version.cjs`; the compiler is a Go
 * binary). ts-patch 3 reads `ts.NewLineKind.LineFeed` from it in its own `config.js` while
 * tspc is still loading, and dies with "Cannot read properties of undefined (reading
 * 'LineFeed')" before it reads tsconfig.json, so no plugin of ours is ever loaded to say why.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isNativeTypeScript, isSupportedTypeScript, MAX_TS_MAJOR, MIN_TS_MAJOR } from "./guard";

export type TspcPreflight =
  | { readonly ok: true; readonly tspcBin: string; readonly typescriptVersion: string }
  | { readonly ok: false; readonly message: string };

const PREFIX = "logcrest-tspc:";

/** `require.resolve(request)` from the first of `dirs` that has it (node_modules lookup upwards from each). */
function resolveFrom(request: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    try {
      return require.resolve(request, { paths: [dir] });
    } catch {
      // not installed above this directory; try the next
    }
  }
  return undefined;
}

function readJson(file: string): { version?: unknown; bin?: unknown } {
  return JSON.parse(readFileSync(file, "utf8")) as { version?: unknown; bin?: unknown };
}

/**
 * Finds ts-patch as `npx tspc` would (from `cwd` upwards, then beside this package), and the
 * TypeScript that ts-patch itself loads: the `typescript` that `require` finds from
 * ts-patch's own folder.
 */
export function tspcPreflight(cwd: string, ownDir: string = __dirname): TspcPreflight {
  const tsPatchPackage = resolveFrom("ts-patch/package.json", [cwd, ownDir]);
  if (tsPatchPackage === undefined) {
    return { ok: false, message: `${PREFIX} ts-patch is not installed in this project: npm install --save-dev ts-patch typescript@${MAX_TS_MAJOR}` };
  }
  const tsPatchDir = path.dirname(tsPatchPackage);
  const bin = readJson(tsPatchPackage).bin;
  const tspc = typeof bin === "object" && bin !== null ? (bin as Record<string, unknown>).tspc : undefined;
  if (typeof tspc !== "string") {
    return { ok: false, message: `${PREFIX} ${tsPatchDir} has no tspc command (ts-patch 3 or later has one): npm install --save-dev ts-patch@3` };
  }
  const typescriptPackage = resolveFrom("typescript/package.json", [tsPatchDir]);
  if (typescriptPackage === undefined) {
    return { ok: false, message: `${PREFIX} tspc needs TypeScript in this project: npm install --save-dev typescript@${MAX_TS_MAJOR}` };
  }
  const version = readJson(typescriptPackage).version;
  const found = typeof version === "string" ? version : "";
  if (!isSupportedTypeScript(found)) {
    const where = path.relative(cwd, path.dirname(typescriptPackage)) || path.dirname(typescriptPackage);
    const why = isNativeTypeScript(found)
      ? `TypeScript ${found} (${where}) is the native compiler, with no transformer API: ts-patch cannot load it and tsc ignores "plugins".`
      : `TypeScript ${found || "of unknown version"} (${where}): logcrest/transformer supports TypeScript ${MIN_TS_MAJOR}.0 to ${MAX_TS_MAJOR}.x.`;
    return {
      ok: false,
      message:
        `${PREFIX} ${why} Install TypeScript ${MAX_TS_MAJOR} for tspc (npm install --save-dev typescript@${MAX_TS_MAJOR}), ` +
        `or build with logcrest/esbuild, logcrest/vite, logcrest/rollup or logcrest/webpack, which work with any TypeScript.`,
    };
  }
  return { ok: true, tspcBin: path.join(tsPatchDir, tspc), typescriptVersion: found };
}
