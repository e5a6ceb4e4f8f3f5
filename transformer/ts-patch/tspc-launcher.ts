#!/usr/bin/env node
/**
 * `logcrest-tspc`: ts-patch's `tspc`, preceded by a check that it can run here.
 *
 *   npx logcrest-tspc -p .        (any tspc arguments: --watch, --build, --showConfig, ...)
 *
 * When the check passes, ts-patch's own tspc runs in a child process with the same
 * arguments, the same Node flags, the same environment and the same terminal; its exit code
 * (or the signal that ended it) becomes ours, and a signal sent to us is passed on, so a
 * process manager that stops us stops a `--watch` too. When it fails (no ts-patch, or a
 * TypeScript it cannot load, such as 7) one line says what to install, and the exit code is 1.
 */
import { spawn } from "node:child_process";
import { tspcPreflight } from "./tspc-preflight";

/** Signals a terminal or a process manager sends to stop a command. */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function main(): void {
  const check = tspcPreflight(process.cwd());
  if (!check.ok) {
    process.stderr.write(`${check.message}\n`);
    process.exitCode = 1;
    return;
  }
  const child = spawn(process.execPath, [...process.execArgv, check.tspcBin, ...process.argv.slice(2)], { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on("error", (err) => {
    process.stderr.write(`logcrest-tspc: could not start ${check.tspcBin}: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    // Ended by a signal: end the same way, so the shell sees what it would have seen from tspc.
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

main();
