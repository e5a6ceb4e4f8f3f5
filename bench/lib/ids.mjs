// 8-hex trace ids for the peers, made the same way as ours (runtime/ids.ts: one
// randomFillSync per 1,024 ids, then a table lookup), so that id generation costs the
// same on both sides and is not what a comparison measures.
import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = new Uint8Array(4096);
let pos = pool.length;

export function hex8() {
  if (pos === pool.length) {
    randomFillSync(pool);
    pos = 0;
  }
  const id = HEX[pool[pos]] + HEX[pool[pos + 1]] + HEX[pool[pos + 2]] + HEX[pool[pos + 3]];
  pos += 4;
  return id;
}
