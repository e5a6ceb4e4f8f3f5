/**
 * Which files the transform rewrites, decided here once for every build path (the text
 * emitter's `transform()`, the ts-patch adapter, and through them every bundler adapter):
 * inside include/exclude, holding a tag word or possibly a call of logcrest's `log`, and
 * not already our own output.
 */
import { mayCallLog } from "./log-calls";
import type { FileFilter } from "./options";
import { isInstrumented } from "./prelude";
import { mayContainTag } from "./tags";

/**
 * The byte scan every adapter runs before anything else: a file that fails it is handed
 * back to the tool untouched, never parsed. Substring checks only (and one small regex for
 * files that name `logcrest`).
 */
export function mayNeedTransform(text: string): boolean {
  return mayContainTag(text) || mayCallLog(text);
}

export function wantsFile(text: string, absolutePath: string, accepts: FileFilter): boolean {
  // Cheapest first: a substring scan, then the globs, then the prelude marker.
  return mayNeedTransform(text) && accepts(absolutePath) && !isInstrumented(text);
}
