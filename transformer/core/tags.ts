/**
 * The tag grammar (README: Tags), read from the raw text of a `/** ... *\/` comment.
 *
 *   @logcrest [LEVEL] [level=LEVEL] [logArgs] [logResult] [name=NAME] [redact=PATH[,PATH...]]
 *   @flow [LABEL] [labelFrom=PARAM|INDEX] [level=LEVEL] [logArgs] [name=NAME] [redact=PATH[,PATH...]]
 *
 * We never use TypeScript's JSDoc parser: under tspc, TS 6 parses .ts files with JSDoc
 * tag parsing off, so `getJSDocTags()` would see nothing. Options are the words on the
 * tag's own line (up to the end of the line, the comment, or the next `@tag`), so a
 * description on the following lines is never mistaken for options. A value with spaces
 * can be quoted: `name="Order flow"`, `@flow "GET orders"`.
 */
import { DEFAULT_TAG_LEVEL, LEVEL_WORDS, levelOfWord } from "../../runtime/contract";
import { parseRedactList } from "../../runtime/redact-path";
import { Code, LogcrestError } from "./plan";

export type TagKind = "logcrest" | "flow";

/** A word of a tag line with its offset in the file. */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly length: number;
}

/** One `@logcrest` / `@flow` occurrence found in a comment. */
export interface RawTag {
  readonly kind: TagKind;
  /** Offset of the `@`. */
  readonly start: number;
  /** Length of `@logcrest` / `@flow`. */
  readonly length: number;
  readonly words: readonly Word[];
}

/** One path of `redact=`, parsed (runtime/redact-path.ts), with its place in the file. */
export interface RedactOption {
  /** The path as written (`card.number`). */
  readonly text: string;
  /** Its segments: the first names a parameter, an argument index or `*`. */
  readonly segments: readonly string[];
  readonly start: number;
  readonly length: number;
}

/** A validated tag. Positions are kept for later diagnostics (labelFrom and redact are checked against parameters later). */
export interface TagOptions {
  readonly kind: TagKind;
  readonly start: number;
  readonly length: number;
  readonly level: number;
  readonly logArgs: boolean;
  readonly logResult: boolean;
  readonly name: string | undefined;
  readonly label: string | undefined;
  readonly labelFrom: { readonly value: string | number; readonly word: Word } | undefined;
  readonly redact: { readonly option: string; readonly paths: readonly RedactOption[] } | undefined;
}

// Level words and numbers are the build-time/run-time contract (runtime/contract.ts).
const LEVEL_LIST = LEVEL_WORDS.join(", ");

export const ALLOWED: Readonly<Record<TagKind, string>> = {
  logcrest: `LEVEL (${LEVEL_LIST}), level=LEVEL, logArgs, logResult, name=NAME, redact=PATH[,PATH...]`,
  flow: `LABEL, labelFrom=PARAM|INDEX, level=LEVEL, logArgs, name=NAME, redact=PATH[,PATH...]`,
};

/** Cheap pre-check used by the byte scan: could this text contain a tag at all? */
export function mayContainTag(text: string): boolean {
  return text.includes("@logcrest") || text.includes("@flow");
}

// `@` must start the comment content or follow whitespace or `*` (so `a@flow.com` and
// `{@link}`-style inline text are not tags); the tag word must end there (`@flowchart` is not `@flow`).
const TAG_RE = /(^|[\s*])@(logcrest|flow)(?![\w$.\-@])/g;

/**
 * Finds the tags of one comment. `comment` is the full comment text including `/**` and
 * `*\/`; `offset` is its position in the file. Non-JSDoc comments yield nothing.
 */
export function findTags(comment: string, offset: number): RawTag[] {
  if (!comment.startsWith("/**") || comment.startsWith("/**/")) return [];
  const contentEnd = comment.endsWith("*/") ? comment.length - 2 : comment.length;
  const tags: RawTag[] = [];
  TAG_RE.lastIndex = 3;
  for (let m = TAG_RE.exec(comment); m !== null && m.index < contentEnd; m = TAG_RE.exec(comment)) {
    const at = m.index + m[1]!.length;
    const kind = m[2] as TagKind;
    const wordsFrom = at + 1 + kind.length;
    let lineEnd = comment.indexOf("\n", wordsFrom);
    if (lineEnd === -1 || lineEnd > contentEnd) lineEnd = contentEnd;
    const words = splitWords(comment, wordsFrom, lineEnd, offset);
    tags.push({ kind, start: offset + at, length: 1 + kind.length, words });
  }
  return tags;
}

/** Splits `text[from, to)` into words, stopping at a following `@tag`. Quotes group a value. */
function splitWords(text: string, from: number, to: number, offset: number): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "@") break; // the next tag on the same line (`/** @logcrest @deprecated */`)
    const start = i;
    let inQuote = false;
    while (i < to && (inQuote || !isSpace(text[i]!))) {
      if (text[i] === '"') inQuote = !inQuote;
      i++;
    }
    if (inQuote) {
      throw new LogcrestError(Code.BadValue, `unterminated quote in '${text.slice(start, i)}'`, offset + start, i - start);
    }
    words.push({ text: text.slice(start, i), start: offset + start, length: i - start });
  }
  return words;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value.replaceAll('"', "");
}

/** Validates one tag's words. Throws `LogcrestError` (LC001/LC002/LC006/LC007) on the first bad word. */
export function parseTag(tag: RawTag): TagOptions {
  const seen = new Set<string>();
  let level: number | undefined;
  let levelWord: Word | undefined;
  let logArgs = false;
  let logResult = false;
  let name: string | undefined;
  let label: string | undefined;
  let labelWord: Word | undefined;
  let labelFrom: TagOptions["labelFrom"];
  let redact: TagOptions["redact"];
  let redactWord: Word | undefined;
  const allowed = ALLOWED[tag.kind];
  const fail = (code: (typeof Code)[keyof typeof Code], message: string, word: Word): never => {
    throw new LogcrestError(code, message, word.start, word.length);
  };
  const once = (key: string, word: Word): void => {
    if (seen.has(key)) fail(Code.Conflict, `option '${key}' given twice in @${tag.kind}`, word);
    seen.add(key);
  };

  for (const word of tag.words) {
    const eq = word.text.indexOf("=");
    const key = (eq === -1 ? word.text : word.text.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? undefined : unquote(word.text.slice(eq + 1));
    switch (key) {
      case "logargs":
      case "logresult": {
        if (key === "logresult" && tag.kind === "flow") {
          fail(Code.UnknownOption, `unknown option '${word.text}' in @flow; allowed: ${allowed}`, word);
        }
        if (value !== undefined) fail(Code.BadValue, `'${key === "logargs" ? "logArgs" : "logResult"}' takes no value (got '${word.text}')`, word);
        once(key, word);
        if (key === "logargs") logArgs = true;
        else logResult = true;
        break;
      }
      case "level": {
        if (value === undefined) break; // a bare word "level": handled below as LEVEL/LABEL
        if (levelWord !== undefined) fail(Code.Conflict, `level given twice in @${tag.kind}`, word);
        const n = levelOfWord(value);
        if (n === undefined) fail(Code.UnknownLevel, `unknown level '${value}' in @${tag.kind}; allowed levels: ${LEVEL_LIST}`, word);
        level = n;
        levelWord = word;
        continue;
      }
      case "name": {
        if (value === undefined) break;
        once("name", word);
        if (value.trim() === "") fail(Code.BadValue, `'name=' needs a value`, word);
        name = value;
        continue;
      }
      case "labelfrom": {
        if (value === undefined) break;
        if (tag.kind !== "flow") fail(Code.UnknownOption, `unknown option '${word.text}' in @logcrest; allowed: ${allowed}`, word);
        once("labelfrom", word);
        if (value.trim() === "") fail(Code.BadValue, `'labelFrom=' needs a parameter name or index`, word);
        labelFrom = { value: /^\d+$/.test(value) ? Number(value) : value, word };
        continue;
      }
      case "redact": {
        if (value === undefined) break;
        once("redact", word);
        redact = redactOption(word, eq + 1);
        redactWord = word;
        continue;
      }
      default:
        if (value !== undefined) fail(Code.UnknownOption, `unknown option '${word.text}' in @${tag.kind}; allowed: ${allowed}`, word);
    }
    if (key === "logargs" || key === "logresult") continue;
    // A bare word: LEVEL for @logcrest, LABEL for @flow.
    if (tag.kind === "logcrest") {
      const n = levelOfWord(word.text);
      if (n === undefined) fail(Code.UnknownOption, `unknown option '${word.text}' in @logcrest; allowed: ${allowed}`, word);
      if (levelWord !== undefined) fail(Code.Conflict, `level given twice in @logcrest ('${levelWord.text}' and '${word.text}')`, word);
      level = n;
      levelWord = word;
    } else {
      if (labelWord !== undefined) fail(Code.UnknownOption, `unknown option '${word.text}' in @flow (the label is '${labelWord.text}'); allowed: ${allowed}`, word);
      const text = unquote(word.text);
      if (text.trim() === "") fail(Code.BadValue, `empty flow label`, word);
      label = text;
      labelWord = word;
    }
  }
  if (redactWord !== undefined && !logArgs) {
    // The paths start at the arguments; without logArgs none reaches a record, and a
    // silent no-op would look like protection. A result is redacted by configure({ redact }).
    fail(Code.Conflict, `'redact=' applies to the arguments that logArgs writes: add logArgs (a logResult value is redacted by configure({ redact }))`, redactWord);
  }
  return {
    kind: tag.kind,
    start: tag.start,
    length: tag.length,
    level: level ?? DEFAULT_TAG_LEVEL,
    logArgs,
    logResult,
    name,
    label,
    labelFrom,
    redact,
  };
}

/**
 * `redact=password,card.number` (value from `valueAt` in the word): every path parsed with
 * the runtime's own syntax, each kept with its position. An empty value, an empty path or
 * one that is not a path is LC007, located at that path.
 */
function redactOption(word: Word, valueAt: number): NonNullable<TagOptions["redact"]> {
  let at = valueAt;
  let text = word.text.slice(at);
  // A value quoted whole (`redact="a,b"`); quotes inside a path are its own (`h["x-y"]`).
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    text = text.slice(1, -1);
    at++;
  }
  const bad = (start: number, length: number, message: string): never => {
    throw new LogcrestError(Code.BadValue, message, word.start + at + start, Math.max(1, length));
  };
  if (text.trim() === "") throw new LogcrestError(Code.BadValue, `'redact=' needs one or more paths (redact=password,card.number)`, word.start, word.length);
  const list = parseRedactList(text);
  if ("bad" in list) {
    const path = text.slice(list.bad.start, list.bad.end);
    return bad(
      list.bad.start,
      list.bad.end - list.bad.start,
      path === ""
        ? `empty path in 'redact=${text}'`
        : `'${path}' in 'redact=' is not a path (e.g. password, card.number, *.token, 0.token, headers["x-api-key"])`,
    );
  }
  const paths = list.paths.map((segments, i): RedactOption => {
    const start = list.starts[i]!;
    const end = i + 1 < list.starts.length ? list.starts[i + 1]! - 1 : text.length;
    return { text: text.slice(start, end), segments, start: word.start + at + start, length: end - start };
  });
  return { option: text, paths };
}
