/**
 * Which files the transform rewrites, decided here once for every build path (the text
 * emitter's `transform()`, the ts-patch adapter, and through them every bundler adapter):
 * inside include/exclude, holding a tag word, and not already our own output.
 */
import type { FileFilter } from "./options";
import { isInstrumented } from "./prelude";
import { mayContainTag } from "./tags";

export function wantsFile(text: string, absolutePath: string, accepts: FileFilter): boolean {
  // Cheapest first: a substring scan, then the globs, then the prelude marker.
  return mayContainTag(text) && accepts(absolutePath) && !isInstrumented(text);
}
