/**
 * Problems of the logger itself (a file that cannot be opened or written, a user handler
 * that throws) are printed to stderr once each, never thrown at the application.
 */

/** Reports `message` unless a report with the same `key` was already made. */
export type Reporter = (key: string, message: string) => void;

const KEY = Symbol.for("logcrest.reported.v1");
type Holder = { [KEY]?: Set<string> };

/** Keys already reported, process-wide: a rebuild by `configure()` does not repeat them. */
function reportedKeys(): Set<string> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set<string>());
}

function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // stderr itself is gone (closed pipe): there is nowhere left to report to.
  }
}

export function onceReporter(write: (text: string) => void = writeStderr, seen: Set<string> = reportedKeys()): Reporter {
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
