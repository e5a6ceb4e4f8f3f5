/**
 * The `logcrest/<tool>` subpaths (esbuild, transformer, ...) of the runtime package forward
 * to the build package, `@logcrest/build`, which carries the compiler and belongs in
 * devDependencies. This is the one place that finds it: a missing or mismatched build
 * package becomes one line that says what to install, never a resolution stack trace.
 */
import { readFileSync } from "node:fs";

export const BUILD_PACKAGE = "@logcrest/build";

/** Thrown (and printed by Node or the tool) as exactly its message: `stack` is the message. */
export class BuildPackageError extends Error {
  readonly code = "LOGCREST_BUILD_PACKAGE";
  constructor(message: string) {
    super(message);
    this.name = "BuildPackageError";
    this.stack = message;
  }
}

function ownVersion(): string {
  // dist/cjs/entries/ or entries/ (from source): package.json is two or three levels up.
  for (const rel of ["../../../package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(require.resolve(rel), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "logcrest" && pkg.version !== undefined) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "latest";
}

/**
 * `require("@logcrest/build/<subpath>")` for the user's `logcrest/<entry>`, resolved from the
 * logcrest install (so it finds the build package beside it in the user's node_modules).
 */
export function requireBuild(subpath: string, entry: string): unknown {
  const version = ownVersion();
  const install = `npm install --save-dev ${BUILD_PACKAGE}@${version}`;
  let resolved: string;
  try {
    resolved = require.resolve(`${BUILD_PACKAGE}/${subpath}`);
  } catch {
    throw new BuildPackageError(`${entry} needs the build package, which is not installed: ${install}`);
  }
  let found: string | undefined;
  try {
    found = (JSON.parse(readFileSync(require.resolve(`${BUILD_PACKAGE}/package.json`), "utf8")) as { version?: string }).version;
  } catch {
    found = undefined;
  }
  // The instrumented code calls this runtime: a build package of another version may emit a
  // shape it does not understand.
  if (found !== version && version !== "latest") {
    throw new BuildPackageError(`${entry}: ${BUILD_PACKAGE}@${found ?? "?"} does not match logcrest@${version}: ${install}`);
  }
  return require(resolved);
}

/**
 * What a `logcrest/<tool>` entry runs when it is loaded: the build package's module, or, when
 * that cannot be used, the one line that says what to install and exit code 1. Node would
 * print a thrown error with its source line and stack; these entries are loaded by build
 * scripts and tool configs, where the line is all the user needs.
 */
export function forwardToBuild(subpath: string, entry: string): unknown {
  try {
    return requireBuild(subpath, entry);
  } catch (err) {
    if (!(err instanceof BuildPackageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
