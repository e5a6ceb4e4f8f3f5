// `npm run demo`: build examples/checkout through the esbuild plugin, run it, then show
// where its logs went and draw its flows. Works offline right after `npm ci`.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import logcrest from "logcrest/esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const logDir = join(here, "logs");
const outfile = join(here, "dist", "main.js");
const cli = join(repo, "dist", "cjs", "cli", "main.js");
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

function section(title) {
  console.log(`\n${bold(`── ${title} `.padEnd(78, "─"))}`);
}

section("1. build examples/checkout with the logcrest esbuild plugin");
await build({
  entryPoints: [join(here, "src", "main.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  outfile,
  absWorkingDir: here,
  plugins: [logcrest()],
  logLevel: "warning",
});
console.log(`built ${relative(repo, outfile)}`);

section("2. run it (console output: INFO and up, on stderr)");
rmSync(logDir, { recursive: true, force: true });
execFileSync(process.execPath, ["--enable-source-maps", outfile], {
  cwd: here,
  stdio: "inherit",
  env: { ...process.env, DEMO_LOG_DIR: logDir },
});

section("3. the log files");
for (const sub of ["success", "error", "flows"]) {
  let files = [];
  try {
    files = readdirSync(join(logDir, sub));
  } catch {
    // a folder is created only when a record goes there
  }
  for (const f of files) {
    const st = statSync(join(logDir, sub, f));
    const lines = execFileSync("wc", ["-l", join(logDir, sub, f)], { encoding: "utf8" }).trim().split(" ")[0];
    console.log(`${(st.mode & 0o777).toString(8)}  ${relative(repo, join(logDir, sub, f)).padEnd(60)} ${lines} records`);
  }
}

section("4. logcrest view: every flow as a waterfall");
execFileSync(process.execPath, [cli, "view", logDir], { stdio: "inherit" });

section("5. logcrest report: one self-contained HTML file");
const report = join(here, "report.html");
execFileSync(process.execPath, [cli, "report", logDir, "-o", report], { stdio: "inherit" });
console.log(`open ${relative(process.cwd(), report)} in a browser`);
