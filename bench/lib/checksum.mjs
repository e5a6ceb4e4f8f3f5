// The checksum the harness must end with if every call ran and returned the right value:
// calls go i = 0..callsPerTurn-1 each turn, and results are summed with int32 wrap-around.
import { body } from "./workload.mjs";

export function expectedChecksum(calls, callsPerTurn = 100, fn = body) {
  let perTurn = 0;
  for (let i = 0; i < callsPerTurn; i++) perTurn = (perTurn + fn(i)) | 0;
  let sum = 0;
  for (let t = 0; t < calls / callsPerTurn; t++) sum = (sum + perTurn) | 0;
  return sum;
}
