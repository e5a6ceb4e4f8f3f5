/**
 * Planted links (issue 14 "Files"): logcrest runs as root, and another user (nobody, through
 * setpriv) who can write to the log directory plants symbolic links where logcrest will
 * create its files and folders: before the start, and while it rotates. Nothing may be
 * written to, moved into or chmod-ed in the victim's file or directory; the refusal is
 * reported once on stderr naming the path, and the other outputs go on.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runtimeBundleForSuite } from "./helpers/runtime-bundle";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
const NOBODY = 65534;

const bundlePath = runtimeBundleForSuite();
let work: string;
let base: string;
let victimFile: string;
let victimDir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "lc-links-"));
  chmodSync(work, 0o755); // nobody must reach the base below it
  base = join(work, "logs");
  mkdirSync(base);
  chmodSync(base, 0o777); // a shared log directory: the attacker can write here
  const victims = join(work, "victim");
  mkdirSync(victims, { mode: 0o755 });
  victimFile = join(victims, "passwd");
  writeFileSync(victimFile, "root:x:0:0\n", { mode: 0o644 });
  chmodSync(victimFile, 0o644);
  victimDir = join(victims, "dir");
  mkdirSync(victimDir);
  chmodSync(victimDir, 0o755);
  return () => rmSync(work, { recursive: true, force: true });
});

/** Runs a shell script as nobody. */
function asNobody(script: string): void {
  execFileSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "sh", "-ec", script], { cwd: work, stdio: "pipe" });
}

/** File names the next seconds' logger starts would use (stamp YYYYMMDD_HHMMSS, local time). */
function nextStamps(seconds: number): string[] {
  const out: string[] = [];
  const now = Date.now();
  for (let i = -2; i < seconds; i++) {
    const d = new Date(now + i * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    out.push(`${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`);
  }
  return out;
}

/** A root process logging through the public API; the script's body gets `lc`, `dir` and `rounds`. */
function runLogger(body: string, env: Record<string, string> = {}): { status: number | null; stderr: string; stdout: string } {
  const script = `const lc = require(${JSON.stringify(bundlePath())});
const { execFileSync } = require("node:child_process");
(async () => {
${body}
})().catch((e) => { console.error("child failed", e); process.exit(9); });`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: work, encoding: "utf8", env: { ...process.env, ...env, NO_COLOR: "1" }, timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

function victimUntouched(): void {
  expect(readFileSync(victimFile, "utf8")).toBe("root:x:0:0\n");
  expect(statSync(victimFile).mode & 0o7777).toBe(0o644);
  expect(readdirSync(victimDir)).toEqual([]);
  expect(statSync(victimDir).mode & 0o7777).toBe(0o755);
}

function lines(dir: string): Array<Record<string, unknown>> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) =>
    readFileSync(join(dir, n), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

const LOG_SOME = `
lc.configure({ dir: "logs", console: false });
for (let i = 0; i < 50; i++) lc.log.info("ok " + i);
for (let i = 0; i < 5; i++) lc.log.error("bad " + i);
lc.flow("nightly", () => 1);
await lc.flush();
`;

describe.skipIf(!asRoot)("links planted by another user (run as root)", () => {
  it("a link where the next log file will be: refused once, naming it; the victim keeps its content and mode; error/ and flows/ go on", () => {
    asNobody(`mkdir -p logs/success; chmod 777 logs/success; for s in ${nextStamps(20).join(" ")}; do ln -s ${victimFile} logs/success/\${s}_success.log; done`);
    const r = runLogger(LOG_SOME);
    expect(r.status).toBe(0);
    victimUntouched();
    const refusals = r.stderr.split("\n").filter((l) => l.includes("is a symbolic link"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(new RegExp(`${join(base, "success")}/\\d{8}_\\d{6}_success\\.log`));
    expect(lines(join(base, "error")).map((r) => r.message)).toEqual(["bad 0", "bad 1", "bad 2", "bad 3", "bad 4"]);
    expect(lines(join(base, "flows")).map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
  });

  it("success/ planted as a link to the victim's directory: not used, not chmod-ed; reported once; the other folders go on", () => {
    asNobody(`ln -s ${victimDir} logs/success`);
    const r = runLogger(LOG_SOME);
    expect(r.status).toBe(0);
    victimUntouched();
    expect(lstatSync(join(base, "success")).isSymbolicLink()).toBe(true);
    const refusals = r.stderr.split("\n").filter((l) => l.includes(join(base, "success")));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain("is a symbolic link");
    expect(lines(join(base, "error"))).toHaveLength(5);
    expect(lines(join(base, "flows"))).toHaveLength(2);
  });

  it("success/ swapped for a link during rotation: no rotated file moves into the victim's directory; reported once; error/ goes on", () => {
    const r = runLogger(`
lc.configure({ dir: "logs", console: false, maxSize: 2000, backupCount: 3 });
for (let i = 0; i < 40; i++) lc.log.info("before " + i);
await lc.flush();
execFileSync("setpriv", ["--reuid=${NOBODY}", "--regid=${NOBODY}", "--clear-groups", "sh", "-ec", "mv logs/success logs/moved && ln -s ${victimDir} logs/success"]);
for (let round = 0; round < 5; round++) {
  for (let i = 0; i < 40; i++) lc.log.info("after " + round + " " + i);
  lc.log.error("still " + round);
  await lc.flush();
}
`);
    expect(r.status).toBe(0);
    victimUntouched();
    const refusals = r.stderr.split("\n").filter((l) => l.includes(join(base, "success")) && l.includes("symbolic link"));
    expect(refusals).toHaveLength(1);
    expect(lines(join(base, "error")).map((x) => x.message)).toEqual(["still 0", "still 1", "still 2", "still 3", "still 4"]);
    // What was written before the swap stayed in the real folder, now renamed by the attacker.
    expect(lines(join(base, "moved")).filter((x) => String(x.message).startsWith("before "))).toHaveLength(40);
  });

  it("a link planted at the next rotated name is replaced by the rename, never written through", () => {
    const r = runLogger(`
lc.configure({ dir: "logs", console: false, maxSize: 2000, backupCount: 2 });
for (let i = 0; i < 10; i++) lc.log.info("first " + i);
await lc.flush();
const [name] = require("node:fs").readdirSync("logs/success");
execFileSync("setpriv", ["--reuid=${NOBODY}", "--regid=${NOBODY}", "--clear-groups", "sh", "-ec", "chmod 777 logs/success 2>/dev/null || true; ln -s ${victimFile} logs/success/" + name + ".1 2>/dev/null || true"]);
for (let i = 0; i < 200; i++) lc.log.info("more " + i);
await lc.flush();
`);
    expect(r.status).toBe(0);
    victimUntouched();
  });

  it("a pre-existing regular file of another user under the next name is refused", () => {
    asNobody(`mkdir -p logs/success; chmod 777 logs/success; for s in ${nextStamps(20).join(" ")}; do echo planted > logs/success/\${s}_success.log; done`);
    const r = runLogger(LOG_SOME);
    expect(r.status).toBe(0);
    const refusals = r.stderr.split("\n").filter((l) => l.includes("owned by another user"));
    expect(refusals).toHaveLength(1);
    for (const n of readdirSync(join(base, "success"))) expect(readFileSync(join(base, "success", n), "utf8")).toBe("planted\n");
    expect(lines(join(base, "error"))).toHaveLength(5);
  });

  it("the base dir may be a link the user chose; a world-writable base without the sticky bit is warned about once", () => {
    const real = join(work, "real-logs");
    mkdirSync(real);
    chmodSync(real, 0o777);
    symlinkSync(real, join(work, "chosen"));
    const r = runLogger(LOG_SOME.replace(`dir: "logs"`, `dir: "chosen"`) + `lc.configure({ dir: "chosen" }); lc.log.info("again"); await lc.flush();`);
    expect(r.status).toBe(0);
    expect(lines(join(real, "success")).length).toBe(51);
    expect(lines(join(real, "error"))).toHaveLength(5);
    expect(statSync(join(real, "success")).mode & 0o777).toBe(0o700);
    expect(statSync(join(real, "success", readdirSync(join(real, "success"))[0]!)).mode & 0o777).toBe(0o600);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("can be written by other users"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(work, "chosen"));
    expect(warnings[0]).toContain("0777");

    chmodSync(real, 0o1777); // sticky: others cannot rename or remove our folders
    const quiet = runLogger(LOG_SOME.replace(`dir: "logs"`, `dir: "chosen"`));
    expect(quiet.stderr).not.toContain("can be written by other users");
  });
});
