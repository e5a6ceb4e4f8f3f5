/**
 * How deep tagged functions may nest on the tspc path. Each instrumented level adds a block,
 * a try statement and a return around the next one, and TypeScript's emitter prints the
 * tree recursively: around 200 nested tagged arrows it runs out of stack inside
 * TypeScript, with no location (issue 14), where the same file without logcrest still
 * builds. Beyond this limit the build fails with a located error instead. The esbuild path
 * inserts text and has no such limit.
 */
import type { FunctionPlan } from "../core/plan";

/** Measured: 150 levels build on Node 20's default stack, 250 do not. */
export const MAX_NESTED_TAGGED = 150;

/** The first plan nested deeper than `limit` tagged functions (plans in source order), else undefined. */
export function nestedTooDeep(plans: readonly FunctionPlan[], limit = MAX_NESTED_TAGGED): { plan: FunctionPlan; depth: number } | undefined {
  const open: FunctionPlan[] = [];
  for (const plan of plans) {
    while (open.length > 0 && open[open.length - 1]!.fnEnd <= plan.fnStart) open.pop();
    open.push(plan);
    if (open.length > limit) return { plan, depth: open.length };
  }
  return undefined;
}
