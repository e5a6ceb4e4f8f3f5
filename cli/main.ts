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
import { runStoreReport } from "./clickhouse-cli";
import { openStore } from "./clickhouse-source";
import { runFollow } from "./view-follow";
import { printTrace, traceFromFiles, traceFromStore } from "./view-trace";
import { runView } from "./view";

const USAGE = `Usage: logcrest <command> [options]     (logcrest --version, logcrest --help)

Commands:
  check [paths...]           list tagged functions and validate their tags (default path: .)
  view [dir...]              draw flows from <dir>/flows as terminal waterfalls (default dir: logs);
                             several dirs (services): one trace across them is one waterfall
  view --trace <id>          every record of one trace, in time order, and its waterfall
  view --follow              new flows as they are written (through rotation)
  report [dir...] -o FILE    write a self-contained HTML report (default dir: logs, FILE: logcrest-report.html)
  report --clickhouse URL    the same report, computed in the fleet store (logcrest/clickhouse)

view options:
  --trace <id>               every record of this trace (success/, error/, flows/ of every dir)
  --follow                   keep printing flows as they end; Ctrl-C stops (takes --failed, --json)
  --clickhouse <url>         with --trace: read the fleet store instead of directories
  --failed                   only failed flows
  --flow <id>                only the flow with this flow_id (exit 1 when there is none)
  --last <N>                 only the last N flows (by start time)
  --since <time>             only flows started at/after an ISO time or a span ago (30s, 10m, 2h, 3d)
  --json                     machine output (JSON) instead of the waterfall
  --width <N>                line width (default: terminal width, or 100)
  --color / --no-color       force colours on or off (default: NO_COLOR, FORCE_COLOR, TTY)

report options:
  -o, --output <file>        where to write the HTML (default: logcrest-report.html)
  --since <time>             only flows that ended at/after an ISO time or a span ago (30s, 10m, 2h, 3d)
  --clickhouse <url>         read the fleet store (http://host:8123; user:password@ in the URL, or
                             the password in LOGCREST_CLICKHOUSE_PASSWORD)
  --database <name>          the store's database (default: default)
  --service <name>           only this service (with --clickhouse)
  --quiet                    no progress on stderr
  Several directories are several services: flows of one trace become one waterfall.

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
    trace: { type: "string" },
    follow: { type: "boolean" },
    clickhouse: { type: "string" },
    database: { type: "string" },
    service: { type: "string" },
  });
  const color =
    values.color === true ? true : values["no-color"] === true ? false : shouldColor(process.stdout, process.env);
  const width =
    typeof values.width === "string"
      ? parsePositiveInt("--width", values.width)
      : process.stdout.isTTY && process.stdout.columns > 0
        ? process.stdout.columns
        : 100;
  const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  const dirs = positionals.length > 0 ? positionals : ["logs"];
  const json = values.json === true;
  const p = painter(color);
  const traceId = str(values.trace);
  if (typeof values.clickhouse === "string") {
    if (traceId === undefined) throw new UsageError("view --clickhouse draws one trace: add --trace <id> (for the fleet's flows: report --clickhouse)");
    if (positionals.length > 0) throw new UsageError("view --clickhouse reads the store, not log directories; drop the directory arguments");
    const store = openStore({ url: values.clickhouse, database: str(values.database), service: str(values.service) }, process.env);
    return printTrace(await traceFromStore(store, traceId), { traceId, json, painter: p, width }, io);
  }
  if (values.service !== undefined || values.database !== undefined) throw new UsageError("--service and --database go with --clickhouse URL");
  if (traceId !== undefined) {
    if (values.follow === true) throw new UsageError("--trace and --follow do not go together");
    return printTrace(await traceFromFiles(dirs, traceId), { traceId, json, painter: p, width }, io);
  }
  if (values.follow === true) {
    if (values.flow !== undefined || values.last !== undefined || values.since !== undefined) {
      throw new UsageError("--follow shows new flows as they end; of the filters it takes only --failed");
    }
    const stop = new AbortController();
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
    return runFollow({ dirs, failedOnly: values.failed === true, json, painter: p, width, pollMs: 200, signal: stop.signal }, io);
  }
  return runView(
    {
      dirs,
      filter: {
        failedOnly: values.failed === true,
        flowId: typeof values.flow === "string" ? values.flow : undefined,
        last: typeof values.last === "string" ? parsePositiveInt("--last", values.last) : undefined,
        sinceMs: typeof values.since === "string" ? parseSince(values.since, Date.now()) : undefined,
      },
      json,
      painter: p,
      width,
    },
    io,
  );
}

async function report(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    quiet: { type: "boolean" },
    since: { type: "string" },
    clickhouse: { type: "string" },
    database: { type: "string" },
    service: { type: "string" },
  });
  const output = typeof values.output === "string" ? values.output : "logcrest-report.html";
  const quiet = values.quiet === true;
  const sinceMs = typeof values.since === "string" ? parseSince(values.since, Date.now()) : undefined;
  const err = (t: string) => process.stderr.write(t);
  if (typeof values.clickhouse === "string") {
    if (positionals.length > 0) throw new UsageError("report --clickhouse reads the store, not log directories; drop the directory arguments");
    return runStoreReport(
      { url: values.clickhouse, database: str(values.database), service: str(values.service), sinceMs, output, quiet },
      process.env,
      err,
    );
  }
  if (values.service !== undefined || values.database !== undefined) throw new UsageError("--service and --database go with --clickhouse URL");
  return runReport({ dirs: positionals.length > 0 ? positionals : ["logs"], output, quiet, sinceMs }, err);
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
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
