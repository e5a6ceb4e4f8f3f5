/**
 * SEMANTICS.md rule 26: the emitted code compares the tag's level with the runtime's
 * current minimum inline, so a disabled call makes no call into the runtime, and
 * `configure({ level })` still turns sites on and off while the program runs. Built by the
 * real text emitter, run against the real runtime and a real handler.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configure, flush, type LogRecord } from "../runtime/index";
import { instrumented } from "./helpers/instrumented";

const SOURCE = `
/** @logcrest debug */
export function quiet(x: number) { return x + 1 }
/** @logcrest debug */
export async function quietAsync(x: number) { await null; return x * 2 }
/** @logcrest debug logResult */
export const quietResult = (x: number) => x * 3
/** @logcrest debug */
export function quietThrow(e: unknown) { throw e }
/** @logcrest warn */
export function loud() { return "loud" }
`;

interface Gate {
  quiet(x: number): number;
  quietAsync(x: number): Promise<number>;
  quietResult(x: number): number;
  quietThrow(e: unknown): never;
  loud(): string;
}

const dir = mkdtempSync(path.join(tmpdir(), "lc-level-gate-"));
const got: LogRecord[] = [];
let m: Gate;
let code: string;

beforeAll(async () => {
  const built = await instrumented<Gate>("level-gate", SOURCE);
  m = built.module;
  code = built.code;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(): Promise<unknown[]> {
  const sentinel = { thrown: true };
  let caught: unknown;
  try {
    m.quietThrow(sentinel);
  } catch (e) {
    caught = e;
  }
  const out = [m.quiet(1), await m.quietAsync(2), m.quietResult(3), caught === sentinel, m.loud()];
  await flush();
  return out;
}

describe("the inline level check", () => {
  it("is in the emitted code: the tag's level against state.minLevel, before any runtime call", () => {
    expect(code).toMatch(/const _lcF\$\w+ = 10 < _lc\$\w+\.state\.minLevel \? null : _lc\$\w+\.enter\(/);
    expect(code).toMatch(/const _lcF\$\w+ = 30 < _lc\$\w+\.state\.minLevel \? null : /);
    expect(code).toMatch(/finally \{ if \(_lcF\$\w+ !== null\) _lc\$\w+\.exit\(_lcF\$\w+\) \}/);
  });

  it("below the configured level: same results, no record; configure() turns the sites on and off again", async () => {
    configure({ level: "info", console: false, dir, handlers: [(r) => void got.push(r)] });
    expect(await run()).toEqual([2, 4, 9, true, "loud"]);
    expect(got.map((r) => r.function)).toEqual(["loud", "loud"]);

    got.length = 0;
    configure({ level: "debug", console: false, dir, handlers: [(r) => void got.push(r)] });
    expect(await run()).toEqual([2, 4, 9, true, "loud"]);
    expect(got.map((r) => `${r.function} ${r.level}`)).toEqual([
      "quietThrow DEBUG",
      "quietThrow ERROR",
      "quiet DEBUG",
      "quiet DEBUG",
      "quietAsync DEBUG",
      "quietAsync DEBUG",
      "quietResult DEBUG",
      "quietResult DEBUG",
      "loud WARNING",
      "loud WARNING",
    ]);
    expect(got[7]).toMatchObject({ result: 9 });

    got.length = 0;
    configure({ level: "error", console: false, dir, handlers: [(r) => void got.push(r)] });
    expect(await run()).toEqual([2, 4, 9, true, "loud"]);
    expect(got).toEqual([]);
  });
});
