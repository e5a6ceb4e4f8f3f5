// Runs bench/cases/flow.mjs for some sides, sync and async, in CALLS.processes fresh
// processes each, and pools the results: shared by case 3 (flow) and case 11 (tracing).
import { runChild } from "./child.mjs";
import { CALLS, callArgs, caseScript } from "./config.mjs";
import { pool } from "./pool.mjs";

/** Turns per round for the flow case (a flow is 11 calls: fewer turns than the call case). */
export const FLOW_TURNS = Math.max(Math.round(CALLS.turns / 5), 4);

/** `{ [side]: { sync: pooled, async: pooled } }`, and the raw per-process results. */
export async function measureFlowSides(sides, env) {
  const raw = {};
  for (const mode of ["sync", "async"]) {
    for (let p = 0; p < CALLS.processes; p++) {
      for (const who of sides) {
        const r = await runChild(caseScript("flow.mjs"), [who, mode, ...callArgs({ ...CALLS, turns: FLOW_TURNS })], { env });
        ((raw[who] ??= {})[mode] ??= []).push(r);
      }
    }
  }
  const stats = {};
  for (const who of sides) stats[who] = { sync: pool(raw[who].sync), async: pool(raw[who].async) };
  return stats;
}
