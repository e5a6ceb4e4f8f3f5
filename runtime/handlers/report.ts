/**
 * Problems of the logger itself (a file that cannot be opened or written, a user handler
 * that throws) are printed to stderr once each, never thrown at the application.
 */

/** Reports `message` unless a report with the same `key` was already made. */
export type Reporter = (key: string, message: string) => void;

import { S } from "../state";

function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // stderr itself is gone (closed pipe): there is nowhere left to report to.
  }
}

/**
 * A reporter that prints each key once. By default the keys are process-wide (on the shared
 * state): a rebuild by `configure()`, or a second copy of the package, does not repeat them.
 */
export function onceReporter(write: (text: string) => void = writeStderr, seen: Set<string> = S.reported): Reporter {
  return (key, message) => {
    if (seen.has(key)) return;
    seen.add(key);
    write(`logcrest: ${message}\n`);
  };
}

/** `EACCES: permission denied` style text for an error. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
