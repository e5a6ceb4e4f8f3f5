#!/usr/bin/env node
/**
 * The `logcrest` command line: `check`, `view`, `report`.
 *
 * Exit codes: 0 done; 1 a finding or an input problem (bad tag, missing directory, unknown
 * flow id); 2 a usage mistake (unknown option, bad value).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, parseCommandArgs, parsePositiveInt, parseSince, UsageError } from "./args";
import { painter, shouldColor } from "./terminal";
import { BuildPackageError } from "../entries/build-package";
import { runCheck } from "./check";
import { runReport } from "./report";
import { runView } from "./view";

const USAGE = `Usage: logcrest <command> [options]     (logcrest --version, logcrest --help)

Commands:
  check [paths...]           list tagged functions and validate their tags (default path: .)
  view [dir]                 draw flows from <dir>/flows as terminal waterfalls (default dir: logs)
  report [dir] -o FILE       write a self-contained HTML report (default dir: logs, FILE: logcrest-report.html)

view options:
  --failed                   only failed flows
  --flow <id>                only the flow with this flow_id (exit 1 when there is none)
  --last <N>                 only the last N flows (by start time)
  --since <time>             only flows started at/after an ISO time or a span ago (30s, 10m, 2h, 3d)
  --json                     machine output (JSON) instead of the waterfall
  --width <N>                line width (default: terminal width, or 100)
  --color / --no-color       force colours on or off (default: NO_COLOR, FORCE_COLOR, TTY)

report options:
  -o, --output <file>        where to write the HTML (default: logcrest-report.html)
  --quiet                    no progress on stderr

check options:
  --json                     machine output (JSON)
  --color / --no-color       force colours on or off
  Walks directories (skipping node_modules, dist, .git) for .ts .tsx .mts .cts .js .mjs .cjs .jsx;
  prints file:line:col: LCxxx message for each bad tag and exits 1.
`;

async function view(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, {
    failed: { type: "boolean" },
    flow: { type: "string" },
    last: { type: "string" },
    since: { type: "string" },
    json: { type: "boolean" },
    width: { type: "string" },
    color: { type: "boolean" },
    "no-color": { type: "boolean" },
  });
  if (positionals.length > 1) throw new UsageError(`view takes one directory, got ${positionals.length}`);
  const color =
    values.color === true ? true : values["no-color"] === true ? false : shouldColor(process.stdout, process.env);
  const width =
    typeof values.width === "string"
      ? parsePositiveInt("--width", values.width)
      : process.stdout.isTTY && process.stdout.columns > 0
        ? process.stdout.columns
        : 100;
  return runView(
    {
      dir: positionals[0] ?? "logs",
      filter: {
        failedOnly: values.failed === true,
        flowId: typeof values.flow === "string" ? values.flow : undefined,
        last: typeof values.last === "string" ? parsePositiveInt("--last", values.last) : undefined,
        sinceMs: typeof values.since === "string" ? parseSince(values.since, Date.now()) : undefined,
      },
      json: values.json === true,
      painter: painter(color),
      width,
    },
    { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  );
}

async function report(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    quiet: { type: "boolean" },
  });
  if (positionals.length > 1) throw new UsageError(`report takes one directory, got ${positionals.length}`);
  return runReport(
    {
      dir: positionals[0] ?? "logs",
      output: typeof values.output === "string" ? values.output : "logcrest-report.html",
      quiet: values.quiet === true,
    },
    (t) => process.stderr.write(t),
  );
}

function check(argv: string[]): number {
  const { positionals, values } = parseCommandArgs(argv, {
    json: { type: "boolean" },
    color: { type: "boolean" },
    "no-color": { type: "boolean" },
  });
  const color =
    values.color === true ? true : values["no-color"] === true ? false : shouldColor(process.stdout, process.env);
  return runCheck(
    { paths: positionals, json: values.json === true, painter: painter(color), cwd: process.cwd() },
    { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  );
}

/** The package's version, from package.json next to dist/ (dist/cjs/cli/main.js → ../../../). */
function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "--version":
    case "-v":
      process.stdout.write(`logcrest ${version()}\n`);
      return 0;
    case "view":
      return view(rest);
    case "report":
      return report(rest);
    case "check":
      return check(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`logcrest: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof InputError || err instanceof BuildPackageError) {
      process.stderr.write(`logcrest: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`logcrest: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    }
  },
);
