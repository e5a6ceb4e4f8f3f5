// The machine and the versions a result was measured with (recorded beside every table).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { REPO } from "./build-ours.mjs";

const PACKAGES = [
  "pino",
  "pino-http",
  "winston",
  "@logtape/logtape",
  "@logtape/file",
  "@opentelemetry/api",
  "@opentelemetry/sdk-trace-base",
  "esbuild",
  "typescript",
  "ts-patch",
  "tsx",
  "vite",
  "fastify",
  "autocannon",
];

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(REPO, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch (err) {
    return `unreadable (${err.code ?? err.message})`;
  }
}

function cpuModel() {
  try {
    const out = execFileSync("lscpu", { encoding: "utf8" });
    return /^Model name:\s*(.+)$/m.exec(out)?.[1]?.trim() ?? os.cpus()[0]?.model;
  } catch {
    return os.cpus()[0]?.model ?? "unknown";
  }
}

function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    logcrest: JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version,
    commit: gitCommit(),
    packages: Object.fromEntries(PACKAGES.map((p) => [p, version(p)])),
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
