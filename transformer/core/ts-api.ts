/**
 * Which TypeScript the analysis core uses.
 *
 * By default our own pinned `typescript` (a dependency of this package, never the user's:
 * TypeScript 7 projects build with esbuild and have no JS compiler API). The ts-patch
 * adapter passes the user's TS instance with a SourceFile it parsed, because SyntaxKind
 * numbers differ between TypeScript versions.
 */
import type * as pinned from "typescript";

export type TsApi = typeof pinned;

let loaded: TsApi | undefined;

/**
 * Our pinned TypeScript, loaded on first use: a build whose files carry no tag (the byte
 * scan rejects them) never pays the ~0.2 s it takes to load the compiler.
 */
export function pinnedTs(): TsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require("typescript") as TsApi);
}

/** Script kind from the file extension (`.tsx`/`.jsx` allow JSX, `.js`-family parse as JS). */
export function scriptKindFor(api: TsApi, fileName: string): pinned.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".tsx")) return api.ScriptKind.TSX;
  if (lower.endsWith(".jsx")) return api.ScriptKind.JSX;
  if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".cjs")) return api.ScriptKind.JS;
  return api.ScriptKind.TS;
}

/** Parses with JSDoc parsing off (we read tag comments ourselves) and parent pointers on. */
export function parse(api: TsApi, fileName: string, text: string): pinned.SourceFile {
  return api.createSourceFile(
    fileName,
    text,
    { languageVersion: api.ScriptTarget.Latest, jsDocParsingMode: api.JSDocParsingMode.ParseNone },
    true,
    scriptKindFor(api, fileName),
  );
}
