// Preloaded (`node -r`) into a tool's process (tspc) by case 6: at exit, writes the
// process's CPU time to $LC_BENCH_CPU_OUT, so a build's CPU cost is known even when the
// machine is busy and wall time is not.
"use strict";
const { writeFileSync } = require("node:fs");

const out = process.env.LC_BENCH_CPU_OUT;
if (out) {
  process.on("exit", () => {
    const u = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ userMs: u.user / 1000, systemMs: u.system / 1000 }));
  });
}
