// Runs one case script in a fresh Node process (no JIT cross-talk between cases) and
// returns what it reported. A case that fails, or reports nothing, fails the run.
import { spawn } from "node:child_process";
import { RESULT_PREFIX } from "./harness.mjs";

export function runChild(script, args = [], { env = {}, node = process.execPath, nodeArgs = [], timeoutMs = 300_000, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...nodeArgs, script, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      const what = `${script.replace(/.*\/bench\//, "bench/")} ${args.join(" ")}`;
      if (code !== 0 || line === undefined) {
        reject(new Error(`${what} failed (code ${code}, signal ${signal}):\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)));
      } catch (err) {
        reject(new Error(`${what}: unreadable result line: ${err.message}`));
      }
    });
  });
}

/**
 * Runs the same case in `processes` fresh processes and pools what they measured: the
 * median over every round of every process, plus the per-process medians.
 */
export async function runProcesses(script, args, { processes = 3, ...options } = {}) {
  const results = [];
  for (let p = 0; p < processes; p++) results.push(await runChild(script, args, options));
  return results;
}
