/**
 * The README's code blocks and how each one is tested (test/readme-examples.test.ts).
 *
 * Every fenced block in README.md has an annotation on the line right above its fence:
 *
 *   <!-- example: KIND key=value key="value with spaces" -->
 *
 * KIND is one of
 *   run    A complete file (ts, js, json, jsonc) or commands (sh). Blocks with the same
 *          `project=` share one project folder and run in README order; `fixture=DIR`
 *          copies test/readme-fixtures/DIR into it first. A ts/js block is written to
 *          `file=` (default main.ts / main.mjs); a ts entry is bundled with the esbuild
 *          plugin and run, a js one is run with node; json/jsonc blocks are only written.
 *          `then="cmd && cmd"` runs after the block (e.g. a fixture's check script).
 *          `runner=bun`: the ts/js file is run by bun as it is (a `Bun.build` script, a
 *          Bun preload file), not bundled and run with node; sh blocks find `bun` on PATH.
 *          sh blocks run line by line with bash -e; `npm install ...` lines are satisfied
 *          from the repository's own node_modules (the test checks the named packages are
 *          there), and `npx x` runs the local bin x: no network.
 *   check  A fragment (ts/js): `{ ... }` stands for omitted code. It is type-checked
 *          against the package's own .d.ts and built through the esbuild plugin (so its
 *          tags are valid), but not run.
 *   record A sample record: the block (line breaks aside) must be one JSON object.
 *   text   Not code: a grammar or a layout.
 *   skip   Commands the test cannot run; `reason="..."` must say why and what covers it.
 *          Only sh blocks may be skipped: ts and js are at least `check`.
 */
import { readFileSync } from "node:fs";

export type BlockKind = "run" | "check" | "record" | "text" | "skip";
export const BLOCK_KINDS: readonly BlockKind[] = ["run", "check", "record", "text", "skip"];

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** undefined when the block has no annotation (a test failure). */
  kind: string | undefined;
  attrs: Record<string, string>;
}

const ANNOTATION = /^<!--\s*example:\s*([a-z]+)((?:\s+[a-z-]+=(?:"[^"]*"|\S+))*)\s*-->$/;
const ATTR = /([a-z-]+)=(?:"([^"]*)"|(\S+))/g;

export function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) attrs[m[1]!] = m[2] ?? m[3]!;
  return attrs;
}

export function readmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split("\n");
  const blocks: ReadmeBlock[] = [];
  let previous = "";
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) {
      if (lines[i]!.trim() !== "") previous = lines[i]!.trim();
      continue;
    }
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    const note = ANNOTATION.exec(previous);
    blocks.push({
      line: i + 1,
      lang: open[2]!,
      code: body.join("\n") + "\n",
      kind: note?.[1],
      attrs: note === null ? {} : parseAttrs(note[2]!),
    });
    previous = "";
    i = j;
  }
  return blocks;
}

export function readmeBlocksOf(path: string): ReadmeBlock[] {
  return readmeBlocks(readFileSync(path, "utf8"));
}

/** A fragment as compilable code: `{ ... }` (omitted code) becomes an empty body. */
export function fillFragment(code: string): string {
  return code.replace(/\{\s*\.\.\.\s*\}/g, "{}");
}
