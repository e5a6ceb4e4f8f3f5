// `npm run bench` runs every part; `npm run bench -- <part> [<part> ...]` runs some.
// Each part prints its table and writes bench/results/<part>.json; BENCHMARKS.md's tables
// are then regenerated from every results file (bench/report.mjs).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { machine } from "./lib/machine.mjs";
import { PARTS, QUICK } from "./lib/config.mjs";
import { textTable, fmt } from "./lib/table.mjs";
import { writeReport } from "./report.mjs";

const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));

function describeTarget(t) {
  if (t.pass === null) return `  [n/a ] ${t.text}: not measured — ${t.detail}`;
  const measured = t.unit === "x" ? fmt.ratio(t.measured) : `${fmt.ns1(t.measured)} ${t.unit}`;
  return `  [${t.pass ? "met " : "MISS"}] ${t.text}: ${measured}${t.detail ? ` (${t.detail})` : ""}`;
}

async function main() {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = asked.filter((a) => !PARTS.includes(a));
  if (unknown.length > 0) {
    console.error(`unknown part(s) ${unknown.join(", ")}; parts: ${PARTS.join(", ")}`);
    process.exit(2);
  }
  const parts = asked.length > 0 ? asked : PARTS;
  mkdirSync(resultsDir, { recursive: true });
  let failed = 0;
  for (const name of parts) {
    const part = await import(`./parts/${name}.mjs`);
    const started = Date.now();
    console.log(`\n## ${part.title}${QUICK ? "  (BENCH_QUICK: numbers are not for the record)" : ""}`);
    const env = machine();
    let result;
    try {
      result = await part.run();
    } catch (err) {
      failed++;
      console.error(`part ${name} FAILED: ${err.stack ?? err}`);
      continue;
    }
    const record = { part: name, title: part.title, quick: QUICK, date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: env, loadavgAfter: machine().loadavg, ...result };
    for (const t of result.tables ?? [{ columns: result.columns, rows: result.rows }]) {
      if (t.caption) console.log(`\n${t.caption}`);
      console.log(textTable(t.columns, t.rows));
    }
    if (result.legend) console.log(`\n${result.legend}`);
    if (result.built) console.log(`ours built by: ${result.built}`);
    for (const t of result.targets ?? []) console.log(describeTarget(t));
    writeFileSync(`${resultsDir}${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`(${record.seconds}s; written bench/results/${name}.json)`);
  }
  writeReport();
  if (failed > 0) {
    console.error(`\n${failed} part(s) failed`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
