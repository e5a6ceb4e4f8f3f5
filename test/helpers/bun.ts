/**
 * The `bun` binary the tests run, from the `bun` devDependency (npm registry).
 *
 * Where npm puts it depends on whether it ran bun's postinstall: with install scripts,
 * `node_modules/bun/bin/bun.exe` is the binary; without them (npm 11 refuses scripts it was
 * not told to allow), that file is a 450-byte placeholder and the binary stays in the
 * platform package, `node_modules/@oven/bun-<os>-<arch>/bin/bun`. A candidate counts only
 * if it runs and says its version.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const REPO = resolve(__dirname, "../..");
const requireRepo = createRequire(join(REPO, "package.json"));

function packageDir(name: string): string | undefined {
  try {
    return dirname(requireRepo.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function candidates(): string[] {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  const out: string[] = [];
  const main = packageDir("bun");
  if (main !== undefined) out.push(join(main, "bin", "bun.exe"));
  for (const variant of ["", "-baseline", "-musl", "-musl-baseline"]) {
    const dir = packageDir(`@oven/bun-${os}-${arch}${variant}`);
    if (dir !== undefined) out.push(join(dir, "bin", process.platform === "win32" ? "bun.exe" : "bun"));
  }
  return out;
}

let found: string | undefined;

/** Absolute path of a working bun; throws with what was tried (the tests must not skip). */
export function bunBinary(): string {
  if (found !== undefined) return found;
  const tried: string[] = [];
  for (const file of candidates()) {
    if (!existsSync(file)) continue;
    const r = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 20_000 });
    if (r.status === 0 && /^\d+\.\d+\.\d+/.test(r.stdout.trim())) return (found = file);
    tried.push(`${file}: ${r.error?.message ?? (r.stderr || r.stdout).trim().slice(0, 200)}`);
  }
  throw new Error(`no working bun binary in node_modules (run npm ci); tried:\n${tried.join("\n") || "(no bun package installed)"}`);
}

export interface BunRun {
  /** Exit code; null when a signal ended the process (then `signal` names it). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs bun with `args` in `cwd` (asynchronously: builds of other tools go on meanwhile); never rejects for a non-zero exit. */
export function runBun(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<BunRun> {
  const bun = bunBinary();
  return new Promise((resolve) => {
    execFile(bun, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1", ...env } }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === "number" ? err.code : null;
      const signal = err?.signal ?? null;
      resolve({ status, signal, stdout, stderr: err !== null && status === null && signal === null ? `${stderr}${err.message}` : stderr });
    });
  });
}
