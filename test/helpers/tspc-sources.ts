/**
 * A small app for the tspc behaviour tests: one tagged function per target form of
 * SPEC §2, and a main that calls each and prints what it observed (values, `this`,
 * `fn.length`, `fn.name`, thrown values) as JSON on stdout.
 */

/** `src/forms.ts`: the target forms. Line numbers matter (records carry them): keep edits below the end. */
export const FORMS_TS = `import { log } from "logcrest";

/** @logcrest */
export function declared(a: number, b = 2): number {
  return a + b;
}

/** @logcrest logArgs logResult */
export const arrow = (x: number, { k }: { k: string }, ...rest: number[]) => \`\${x}\${k}\${rest.length}\`;

/** @logcrest warn */
export default function (): string {
  return "def";
}

export const expr = /** @logcrest */ function named(this: { v: number } | void): number {
  return this ? this.v : -1;
};

export class Shape {
  /** @logcrest */
  constructor(public side: number) {}

  /** @logcrest */
  get area(): number {
    return this.side ** 2;
  }

  /** @logcrest */
  static make(n: number): Shape {
    return new Shape(n);
  }

  /** @logcrest */
  #secret(): number {
    return this.side + 100;
  }

  reveal(): number {
    return this.#secret();
  }

  /** @logcrest */
  ["computed"](): string {
    return "c";
  }

  /** @logcrest */
  onClick = (): number => this.side;
}

class Base {
  constructor(readonly tag: string) {}
  greet(): string {
    return "base:" + this.tag;
  }
}

export class Derived extends Base {
  /** @logcrest */
  constructor(readonly extra: number) {
    super("d");
  }

  /** @logcrest */
  override greet(): string {
    return "derived>" + super.greet();
  }
}

export const seen = { newTarget: "unset" };

/** @logcrest */
export function Ctor(this: unknown): void {
  seen.newTarget = new.target === Ctor ? "Ctor" : String(new.target);
}

/** @logcrest */
export function count(..._xs: unknown[]): number {
  return arguments.length;
}

export const obj = {
  /** @logcrest */
  method(n: number): number {
    return n * 2;
  },
};

/** @logcrest */
export function fails(): never {
  throw new TypeError("bad input");
}

const sentinel = { not: "an error" };

/** @logcrest error */
export function throwsValue(): never {
  throw sentinel;
}

export function thrownSentinel(): unknown {
  return sentinel;
}

/** @logcrest */
export async function slow(ms: number): Promise<string> {
  await new Promise((r) => setTimeout(r, ms));
  return nested(ms);
}

/** @logcrest */
function nested(ms: number): string {
  log.info("from nested", { ms });
  return "slept " + ms;
}

/** @logcrest */
export async function rejects(): Promise<void> {
  await Promise.resolve();
  throw new RangeError("late");
}

export function over(a: string): string;
export function over(a: number): string;
/** @logcrest */
export function over(a: unknown): string {
  return typeof a;
}

/** @logcrest */
export async function shadow(a: number): Promise<number> {
  var a = a + 1;
  return a;
}

/** @logcrest logResult */
export const exprResult = (n: number) => n > 0 ? n * 3 : -n;

/** @logcrest */
export function secretArgs(password: string): number {
  return password.length;
}
`;

/** `src/main.ts`: calls everything and prints observations. */
export const MAIN_TS = `import def, { declared, arrow, expr, Shape, Derived, Ctor, seen, count, obj, fails, throwsValue, thrownSentinel, slow, rejects, over, shadow, exprResult, secretArgs, hoisted } from "./calls.js";

async function main(): Promise<void> {
  const out: Record<string, unknown> = {};
  out.hoisted = hoisted();
  out.declared = [declared(1), declared.length, declared.name];
  out.arrow = [arrow(1, { k: "K" }, 7, 8), arrow.length, arrow.name];
  out.def = [def(), def.name];
  out.expr = [expr.call({ v: 5 }), expr.name];
  const s = Shape.make(3);
  out.shape = [s.side, s.area, s.reveal(), s.computed(), s.onClick(), Shape.length];
  const d = new Derived(4);
  out.derived = [d.tag, d.extra, d.greet()];
  new (Ctor as unknown as new () => object)();
  const viaNew = seen.newTarget;
  Ctor.call(undefined);
  out.ctor = [viaNew, seen.newTarget];
  out.count = [count(1, 2, 3), count.length];
  out.obj = obj.method(21);
  try {
    fails();
  } catch (e) {
    out.fails = [e instanceof TypeError, (e as Error).message];
  }
  try {
    throwsValue();
  } catch (e) {
    out.throwsValue = e === thrownSentinel();
  }
  out.slow = await Promise.all([slow(5), slow(1)]);
  try {
    await rejects();
  } catch (e) {
    out.rejects = [e instanceof RangeError, (e as Error).message];
  }
  out.over = [over("x"), over(1)];
  out.shadow = await shadow(1);
  out.exprResult = exprResult(2);
  out.secretArgs = secretArgs("hunter2");
  out.asyncStaysAsync = [Object.prototype.toString.call(slow), Object.prototype.toString.call(declared)];
  console.log(JSON.stringify(out));
}

main();
`;

/** `src/calls.ts`: re-exports, plus a tagged declaration called before its position (hoisting). */
export const CALLS_TS = `export * from "./forms.js";
export { default } from "./forms.js";
export const early = hoistedTarget();

/** @logcrest */
function hoistedTarget(): string {
  return "hoisted ok";
}

export function hoisted(): string {
  return early;
}
`;

/** What main prints, whichever build produced it. */
export const EXPECTED_OUTPUT = {
  hoisted: "hoisted ok",
  declared: [3, 1, "declared"],
  arrow: ["1K2", 2, "arrow"],
  def: ["def", "default"],
  expr: [5, "named"],
  shape: [3, 9, 103, "c", 3, 1],
  derived: ["d", 4, "derived>base:d"],
  ctor: ["Ctor", "undefined"],
  count: [3, 0],
  obj: 42,
  fails: [true, "bad input"],
  throwsValue: true,
  slow: ["slept 5", "slept 1"],
  rejects: [true, "late"],
  over: ["string", "number"],
  shadow: 2,
  exprResult: 6,
  secretArgs: 7,
  asyncStaysAsync: ["[object AsyncFunction]", "[object Function]"],
};
