/**
 * Comments in the trivia that starts at a position, scanned directly from the text.
 *
 * TypeScript's `getLeadingCommentRanges` only starts collecting after a line break, so
 * `{ /** @logcrest *\/ m() {} }` on one line would be invisible; its own notion of
 * "trailing" comments covers the rest of the line. We want every comment between the
 * previous token and the node, so we scan the trivia ourselves (also independent of the
 * TypeScript version the adapter hands us).
 */
export interface CommentRange {
  readonly pos: number;
  readonly end: number;
  /** `/* ... *\/` (JSDoc when it starts with `/**`) or `// ...`. */
  readonly block: boolean;
}

export function commentsAt(text: string, pos: number): CommentRange[] {
  const out: CommentRange[] = [];
  let i = pos;
  if (i === 0 && text.startsWith("#!")) {
    const nl = text.indexOf("\n");
    i = nl === -1 ? text.length : nl;
  }
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // space, tab, CR, LF, vertical tab, form feed, NBSP, BOM, LS, PS
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) {
      i++;
      continue;
    }
    if (c !== 47 /* / */) break;
    const next = text.charCodeAt(i + 1);
    if (next === 42 /* * */) {
      const close = text.indexOf("*/", i + 2);
      const end = close === -1 ? text.length : close + 2;
      out.push({ pos: i, end, block: true });
      i = end;
    } else if (next === 47) {
      let end = i + 2;
      while (end < text.length && text[end] !== "\n" && text[end] !== "\r" && text[end] !== "\u2028" && text[end] !== "\u2029") end++;
      out.push({ pos: i, end, block: false });
      i = end;
    } else {
      break;
    }
  }
  return out;
}
