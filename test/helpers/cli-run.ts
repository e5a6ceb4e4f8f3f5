/**
 * Runs the built `logcrest` bin (dist/cjs/cli/main.js) as a real child process.
 * `npm test` builds first; running a CLI test alone needs `npm run build` before.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const CLI = join(__dirname, "..", "..", "dist", "cjs", "cli", "main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the CLI tests`);
}

export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  assertBuilt();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Colour variables are cleared so each test states what it wants.
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`logcrest ${args.join(" ")} timed out; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
