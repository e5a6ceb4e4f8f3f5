/**
 * The parts of the instrumented shape both emitters share, as text: the generated names,
 * the marker of our own output, and the one-line module prelude (runtime import + site
 * table). Kept apart from the text emitter so the ts-patch path never loads magic-string.
 */
import { F_ASYNC, F_FLOW, F_LABEL_FROM, F_LOG_ARGS, F_LOG_CALL, F_LOG_RESULT, GENERATED_API } from "../../runtime/contract";
import type { FunctionPlan, LogCallPlan } from "./plan";
import { jsString, withoutLineTerminators } from "./shape";

/** Generated names, all carrying one suffix that occurs nowhere in the file. */
export interface Names {
  readonly runtime: string;
  readonly sites: string;
  readonly init: string;
  readonly frame: string;
  readonly error: string;
  /** The async body's arrow (core/shape.ts). */
  readonly body: string;
  /** Copy of a parameter an async body redeclares with `var` (see SEMANTICS.md, rule async-var). */
  copy(index: number): string;
}

/** Marker of our own output, for idempotency: a second run leaves the file alone. */
const PRELUDE_RE = new RegExp(`(?:import \\{ ${GENERATED_API} as _lc\\$[0-9a-z]+ \\} from |var _lc\\$[0-9a-z]+ = require\\()`);

export function isInstrumented(text: string): boolean {
  return PRELUDE_RE.test(text);
}

/** FNV-1a, enough to spread suffixes; collisions are resolved by probing the text. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The frame variable of an instrumented body (`frame` below): how the core recognises our own output. */
export const FRAME_NAME_RE = /^_lcF\$[0-9a-z]+$/;

export function pickNames(text: string, fileName: string): Names {
  let seed = fnv(fileName);
  let suffix: string;
  for (;;) {
    suffix = (seed & 0xfffff).toString(36);
    if (!text.includes(`$${suffix}`)) break;
    seed = fnv(`${seed}:${fileName}`);
  }
  return {
    runtime: `_lc$${suffix}`,
    sites: `_lcS$${suffix}`,
    init: `_lcT$${suffix}`,
    frame: `_lcF$${suffix}`,
    error: `_lcE$${suffix}`,
    body: `_lcB$${suffix}`,
    copy: (i) => `_lcV${i}$${suffix}`,
  };
}

function siteRow(p: FunctionPlan): string {
  let flags = 0;
  if (p.logArgs) flags |= F_LOG_ARGS;
  if (p.logResult) flags |= F_LOG_RESULT;
  if (p.kind === "flow") flags |= F_FLOW;
  if (p.isAsync) flags |= F_ASYNC;
  if (p.labelFrom !== undefined) flags |= F_LABEL_FROM;
  // `[name, line, level, flags, label?, redact?]` (runtime/contract.ts SiteRow). Without a
  // label, redact paths need "" in its place: the runtime reads an empty label as none.
  const row: unknown[] = [p.name, p.line, p.level, flags];
  if (p.label !== undefined || p.redact !== undefined) row.push(p.label ?? "");
  if (p.redact !== undefined) row.push(p.redact.paths);
  return withoutLineTerminators(JSON.stringify(row));
}

/**
 * The rows of the call sites, after the functions' rows: `[name, line, 0, F_LOG_CALL]`, one
 * per distinct `siteIndex` (calls on one line of one function share it), in index order.
 */
function callRows(calls: readonly LogCallPlan[]): string[] {
  const rows = new Map<number, string>();
  for (const c of calls) if (!rows.has(c.siteIndex)) rows.set(c.siteIndex, withoutLineTerminators(JSON.stringify([c.name, c.line, 0, F_LOG_CALL])));
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/**
 * The module prelude, one line: the runtime import and the site table. The table is built
 * by a hoisted function so a tagged function called before the prelude ran (a circular
 * import calling a hoisted declaration) builds it on first use instead of hitting `undefined`.
 */
export function prelude(
  plans: readonly FunctionPlan[],
  calls: readonly LogCallPlan[],
  names: Names,
  file: string,
  esm: boolean,
  runtime: string,
): string {
  const load = esm
    ? `import { ${GENERATED_API} as ${names.runtime} } from ${JSON.stringify(runtime)};`
    : `var ${names.runtime} = require(${JSON.stringify(runtime)}).${GENERATED_API};`;
  const rows = [...plans.map(siteRow), ...callRows(calls)].join(", ");
  return (
    `${load} var ${names.sites} = ${names.sites} || ${names.init}(); ` +
    `function ${names.init}() { return ${names.sites} = ${names.runtime}.sites(${jsString(file)}, [${rows}]) } `
  );
}
