/**
 * Which TypeScript the ts-patch transformer accepts.
 *
 * The transformer builds AST nodes with the factory of the TypeScript instance ts-patch
 * hands it, so it needs the classic JS compiler API. TypeScript 5.x and 6.x have it.
 * TypeScript 7 is the native (Go) compiler: it has no transformer API and `tsc` ignores
 * `plugins`, so a project on TS 7 must use the esbuild plugin. Anything we have not
 * tested fails loudly instead of emitting code nobody checked.
 */

/** Lowest and highest supported major versions (inclusive). */
export const MIN_TS_MAJOR = 5;
export const MAX_TS_MAJOR = 6;

export class UnsupportedTypeScriptError extends Error {
  readonly code = "LC_TS_VERSION";
  constructor(readonly version: string) {
    super(unsupportedMessage(version));
    this.name = "UnsupportedTypeScriptError";
  }
}

function unsupportedMessage(version: string): string {
  const why =
    isNativeTypeScript(version)
      ? "TypeScript 7 is the native compiler: it has no transformer API and tsc ignores `plugins`."
      : `logcrest/transformer supports TypeScript ${MIN_TS_MAJOR}.0 to ${MAX_TS_MAJOR}.x.`;
  return (
    `logcrest/transformer cannot run with TypeScript ${version || "(unknown version)"}. ${why} ` +
    `Build with the esbuild plugin instead: import logcrest from "logcrest/esbuild" and add ` +
    `plugins: [logcrest()] to your esbuild build (it does not depend on your TypeScript version).`
  );
}

function majorOf(version: string): number | undefined {
  const match = /^(\d+)\./.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** True when `version` is a TypeScript that logcrest/transformer runs with (5.x, 6.x). */
export function isSupportedTypeScript(version: string | undefined): boolean {
  const major = majorOf(version ?? "");
  return major !== undefined && major >= MIN_TS_MAJOR && major <= MAX_TS_MAJOR;
}

/** True for TypeScript 7 and later: the native compiler, with no JavaScript compiler API. */
export function isNativeTypeScript(version: string): boolean {
  const major = majorOf(version);
  return major !== undefined && major > MAX_TS_MAJOR;
}

/** Throws `UnsupportedTypeScriptError` unless `version` is a supported TypeScript. */
export function assertSupportedTypeScript(version: string | undefined): void {
  if (!isSupportedTypeScript(version)) throw new UnsupportedTypeScriptError(version ?? "");
}
