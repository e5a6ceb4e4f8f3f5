// Uninstrumented: the bare function. Its work is checked through the harness checksum.
import { body } from "../lib/workload.mjs";

export const label = "uninstrumented";

export async function setup() {
  return {
    sync: body,
    async: async (x) => {
      await null;
      return body(x);
    },
    recordsPerCall: 0,
    close: async () => {},
    count: () => 0,
  };
}
