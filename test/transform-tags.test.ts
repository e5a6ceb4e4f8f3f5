/**
 * The tag grammar (SPEC §2) read from raw JSDoc text: unit cases and fast-check properties.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Code, LogcrestError } from "../transformer/core/plan";
import { findTags, parseTag, type TagOptions } from "../transformer/core/tags";

function parse(comment: string): TagOptions[] {
  return findTags(comment, 100).map(parseTag);
}

function errorOf(comment: string): LogcrestError {
  try {
    parse(comment);
  } catch (err) {
    if (err instanceof LogcrestError) return err;
    throw err;
  }
  throw new Error(`no error for ${comment}`);
}

describe("findTags", () => {
  it("reads only /** */ blocks: line comments and /* */ pragmas are never tags", () => {
    expect(findTags("// @flow", 0)).toEqual([]);
    expect(findTags("/* @flow */", 0)).toEqual([]);
    expect(findTags("/* @logcrest */", 0)).toEqual([]);
    expect(findTags("/**/", 0)).toEqual([]);
    expect(findTags("/** @flow */", 0)).toHaveLength(1);
  });

  it("needs the whole tag word after whitespace or `*`", () => {
    expect(findTags("/** @flowchart @logcrestx a@flow.com {@flow} */", 0)).toEqual([]);
    expect(findTags("/**\n * @logcrest\n */", 0).map((t) => t.kind)).toEqual(["logcrest"]);
    expect(findTags("/***@logcrest*/", 0).map((t) => t.kind)).toEqual(["logcrest"]);
  });

  it("takes options from the tag's line only, up to the next tag", () => {
    const [tag] = findTags("/**\n * @logcrest debug logArgs\n * Describes the function.\n */", 10);
    expect(tag!.words.map((w) => w.text)).toEqual(["debug", "logArgs"]);
    const [only] = findTags("/** @logcrest warn @deprecated use x */", 0);
    expect(only!.words.map((w) => w.text)).toEqual(["warn"]);
  });

  it("reports word positions as file offsets", () => {
    const comment = "/** @logcrest  logResult */";
    const [tag] = findTags(comment, 1000);
    expect(tag!.start).toBe(1000 + comment.indexOf("@"));
    expect(tag!.words[0]).toEqual({ text: "logResult", start: 1000 + comment.indexOf("logResult"), length: 9 });
  });

  it("groups quoted values", () => {
    const [opts] = parse('/** @flow "My flow!" name="Order service" */');
    expect(opts!.label).toBe("My flow!");
    expect(opts!.name).toBe("Order service");
  });
});

describe("parseTag", () => {
  it("defaults: info, nothing logged", () => {
    expect(parse("/** @logcrest */")[0]).toMatchObject({ kind: "logcrest", level: 20, logArgs: false, logResult: false, name: undefined });
  });

  it("levels in any case, positional or level=, warn = warning", () => {
    expect(parse("/** @logcrest DEBUG */")[0]!.level).toBe(10);
    expect(parse("/** @logcrest level=Warn */")[0]!.level).toBe(30);
    expect(parse("/** @logcrest warning */")[0]!.level).toBe(30);
    expect(parse("/** @logcrest critical */")[0]!.level).toBe(50);
    expect(parse("/** @flow x level=error */")[0]!.level).toBe(40);
  });

  it("flow label, labelFrom by name and by index", () => {
    expect(parse("/** @flow checkout logArgs */")[0]).toMatchObject({ kind: "flow", label: "checkout", logArgs: true });
    expect(parse("/** @flow labelFrom=requestId */")[0]!.labelFrom!.value).toBe("requestId");
    expect(parse("/** @flow labelFrom=2 */")[0]!.labelFrom!.value).toBe(2);
    // A static label and a dynamic one together (SPEC §4: `checkout-ord-42-3a7e2b1f`).
    expect(parse("/** @flow checkout labelFrom=orderId */")[0]).toMatchObject({ label: "checkout", labelFrom: { value: "orderId" } });
  });

  it.each([
    ["/** @logcrest verbose */", Code.UnknownOption, "verbose"],
    ["/** @logcrest level=loud */", Code.UnknownLevel, "level=loud"],
    ["/** @logcrest labelFrom=x */", Code.UnknownOption, "labelFrom=x"],
    ["/** @flow a logResult */", Code.UnknownOption, "logResult"],
    ["/** @flow a b */", Code.UnknownOption, "b"],
    ["/** @logcrest info level=warn */", Code.Conflict, "level=warn"],
    ["/** @logcrest logArgs logArgs */", Code.Conflict, "logArgs"],
    ["/** @logcrest logArgs=yes */", Code.BadValue, "logArgs=yes"],
    ["/** @logcrest name= */", Code.BadValue, "name="],
    ['/** @logcrest name="open */', Code.BadValue, 'name="open'],
  ])("%s → %s at the offending word", (comment, code, word) => {
    const err = errorOf(comment);
    expect(err.code).toBe(code);
    expect(err.start).toBe(100 + comment.lastIndexOf(word));
  });

  it("names the allowed options in unknown-option errors", () => {
    expect(errorOf("/** @logcrest nope */").message).toContain("allowed: LEVEL (debug, info, warn, warning, error, critical), level=LEVEL, logArgs, logResult, name=NAME");
    expect(errorOf("/** @flow a nope */").message).toContain("labelFrom=PARAM|INDEX");
  });
});

const levelWord = fc.constantFrom("debug", "info", "warn", "warning", "error", "critical", "DEBUG", "Info", "WARN");
const LEVEL_NUM: Record<string, number> = { debug: 10, info: 20, warn: 30, warning: 30, error: 40, critical: 50 };
const space = fc.stringMatching(/^[ \t]{1,3}$/);
const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);

describe("properties", () => {
  it("any valid @logcrest option set, in any order and spacing, parses to exactly those options", () => {
    fc.assert(
      fc.property(
        fc.record({
          level: fc.option(levelWord, { nil: undefined }),
          levelKey: fc.boolean(),
          logArgs: fc.boolean(),
          logResult: fc.boolean(),
          name: fc.option(ident, { nil: undefined }),
        }),
        fc.array(space, { minLength: 8, maxLength: 8 }),
        fc.func(fc.integer()),
        (o, spaces, order) => {
          const words: string[] = [];
          if (o.level !== undefined) words.push(o.levelKey ? `level=${o.level}` : o.level);
          if (o.logArgs) words.push("logArgs");
          if (o.logResult) words.push("logResult");
          if (o.name !== undefined) words.push(`name=${o.name}`);
          const sorted = words.map((w, i) => ({ w, k: order(i) })).sort((a, b) => a.k - b.k).map((x) => x.w);
          const comment = `/**${spaces[0]}@logcrest${sorted.map((w, i) => spaces[i + 1] + w).join("")} */`;
          const [opts] = parse(comment);
          expect(opts).toMatchObject({
            kind: "logcrest",
            level: o.level === undefined ? 20 : LEVEL_NUM[o.level.toLowerCase()],
            logArgs: o.logArgs,
            logResult: o.logResult,
            name: o.name,
          });
        },
      ),
    );
  });

  it("a word outside the grammar is always LC001 at that word's offset", () => {
    const bad = ident.filter((w) => !["debug", "info", "warn", "warning", "error", "critical", "logargs", "logresult", "level"].includes(w.toLowerCase()));
    fc.assert(
      fc.property(fc.array(fc.constantFrom("logArgs", "logResult", "debug"), { maxLength: 2 }), bad, (before, word) => {
        const prefix = `/** @logcrest ${[...new Set(before)].filter((w, i, a) => !(w === "debug" && a.indexOf(w) !== i)).join(" ")} `;
        const comment = `${prefix}${word} */`;
        const err = errorOf(comment);
        expect(err.code).toBe(Code.UnknownOption);
        expect(err.start).toBe(100 + prefix.length);
        expect(err.length).toBe(word.length);
      }),
    );
  });

  it("never throws anything but LogcrestError, whatever the comment holds", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom("@logcrest", "@flow"), (tail, tag) => {
        const comment = `/** ${tag} ${tail.replaceAll("*/", "")} */`;
        try {
          parse(comment);
        } catch (err) {
          expect(err).toBeInstanceOf(LogcrestError);
        }
      }),
    );
  });

  it("a flow label is any single non-option word, kept raw", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9!/.:-]{1,20}$/).filter((w) => !/^(logargs|level=|name=|labelfrom=)/i.test(w) && !w.includes('"')), (label) => {
        expect(parse(`/** @flow ${label} */`)[0]!.label).toBe(label);
      }),
    );
  });
});
