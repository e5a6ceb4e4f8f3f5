// Starts a case-7 server process, waits for its port, and stops it on request, returning
// what it reported (its verified line counts).
import { spawn } from "node:child_process";
import { RESULT_PREFIX } from "./harness.mjs";

export function startServer(script, args, { node = process.execPath } = {}) {
  const child = spawn(node, [script, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on("close", (code) => resolve(code)));
  const port = new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /@@listening (\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`server ${args.join(" ")} exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    port,
    async stop() {
      child.stdin.write("stop\n");
      const code = await exited;
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) throw new Error(`server ${args.join(" ")} failed (${code}):\n${stderr.trim()}`);
      return JSON.parse(line.slice(RESULT_PREFIX.length));
    },
  };
}
