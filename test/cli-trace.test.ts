/**
 * The CLI across services and over time, on real files: `view --trace` (every record of
 * one trace from success/, error/ and flows/ of several directories), `view dirA dirB`
 * (one request across two services is one waterfall), `report dirA dirB` (the same in the
 * HTML data), and `view --follow` (new flows as they are written, through rotation).
 * Records carry TRACING's fields: a 32-hex W3C trace id, span_id and parent_span_id.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FlowSpec, flowLines, tempLogDir, writeLog } from "./helpers/cli-fixtures";
import { embeddedData } from "./helpers/cli-report-data";
import { CLI, runCli } from "./helpers/cli-run";
import { CHARGE_B as CHARGE, CHECKOUT_A as CHECKOUT, TRACE, traceRecord, writeCrossServiceTrace } from "./helpers/cli-services";

const OTHER: FlowSpec = { id: "refund-12345678", fn: "refund", start: "2026-11-25T09:31:00.000Z", status: "success", totalMs: 3, timeline: [] };

/** Two services' log dirs: svc-a's checkout calls svc-b's charge in one trace; plus an unrelated flow. */
function twoServices(): { a: string; b: string } {
  const root = tempLogDir("logcrest-trace-");
  const a = join(root, "svc-a", "logs");
  const b = join(root, "svc-b", "logs");
  writeCrossServiceTrace(a, b, flowLines(OTHER), [traceRecord("2026-11-25T09:31:00.001Z", "refund", "not this trace", "INFO", "12345678")]);
  return { a, b };
}

describe("logcrest view --trace", () => {
  it("every record of the trace from both services, in time order, then one waterfall", async () => {
    const { a, b } = twoServices();
    const r = await runCli(["view", "--trace", TRACE, a, b, "--width", "120"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`trace ${TRACE}: 6 record(s) from 2 service(s), 2026-11-25T09:30:00.000Z`);
    expect(lines.slice(1, 7).map((l) => l.trim().split(/\s+/).slice(0, 5))).toEqual([
      ["+0.00", "ms", "[svc-a]", "INFO", "GET"],
      ["+6.00", "ms", "[svc-a]", "INFO", "Cart.load"],
      ["+10.00", "ms", "[svc-b]", "INFO", "POST"],
      ["+65.00", "ms", "[svc-b]", "ERROR", "Gateway.authorize"],
      ["+70.00", "ms", "[svc-b]", "ERROR", "POST"],
      ["+80.00", "ms", "[svc-a]", "ERROR", "GET"],
    ]);
    // the waterfall: svc-b's flow placed 10 ms into svc-a's, each row marked with its service
    const rows = lines.filter((l) => /^ {4}\[svc-[ab]\]/.test(l));
    const parts = rows.map((l) => {
      const m = /^ {4}\[(svc-[ab])\] +(.*)$/.exec(l)!;
      return [m[1], m[2]!.split(/ {2,}| ?[█▏]/)[0]];
    });
    expect(parts).toEqual([
      ["svc-a", "GET /checkout/:id"],
      ["svc-a", "Cart.load"],
      ["svc-a", "PaymentClient.charge"],
      ["svc-b", "POST /charge"],
      ["svc-b", "Gateway.authorize"],
      ["svc-a", "failed at PaymentClient.charge step 2/2: HTTPError: 502 Bad Gateway"],
      ["svc-b", "failed at Gateway.authorize step 1/1: ConnectionError: gateway timeout"],
    ]);
    const barStart = (l: string) => l.indexOf("█");
    expect(barStart(rows[3]!)).toBeGreaterThan(barStart(rows[0]!));
    expect(barStart(rows[4]!)).toBeGreaterThanOrEqual(barStart(rows[3]!));
    expect(r.stdout).toContain("gateway <b>timeout</b> \\x1b[31m");
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).not.toContain("not this trace");
    expect(r.stdout).toContain(`trace ${TRACE}  2 service(s): [svc-a] [svc-b]  80.00 ms`);
  });

  it("--json, and exit 1 for a trace nobody wrote", async () => {
    const { a, b } = twoServices();
    const r = await runCli(["view", "--trace", TRACE, a, b, "--json"]);
    const j = JSON.parse(r.stdout) as { records: { service: string; fn: string }[]; flows: { flow_id: string; service: string }[] };
    expect(j.records.map((x) => x.service)).toEqual(["svc-a", "svc-a", "svc-b", "svc-b", "svc-b", "svc-a"]);
    expect(j.flows.map((f) => [f.service, f.flow_id]).sort()).toEqual([
      ["svc-a", CHECKOUT.id],
      ["svc-b", CHARGE.id],
    ]);
    const none = await runCli(["view", "--trace", "deadbeef", a]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no records of trace 'deadbeef'");
  });
});

describe("several log directories (several services)", () => {
  it("view dirA dirB: the request across both services is one waterfall; other flows stay single, marked", async () => {
    const { a, b } = twoServices();
    const r = await runCli(["view", a, b, "--width", "120"]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.match(new RegExp(`trace ${TRACE}  2 service\\(s\\)`, "g"))).toHaveLength(1);
    expect(out).toContain(`[svc-a] ✓ ${OTHER.id}`);
    expect(out).toContain("3 flow(s) shown of 3 read from 2 file(s) in 2 services");
    const j = JSON.parse((await runCli(["view", a, b, "--json"])).stdout) as { flows: { flow_id: string; service: string }[] };
    expect(j.flows.map((f) => [f.flow_id, f.service])).toEqual([
      [CHECKOUT.id, "svc-a"],
      [CHARGE.id, "svc-b"],
      [OTHER.id, "svc-a"],
    ]);
  });

  it("report dirA dirB: flows of both services, joined by trace in the data", async () => {
    const { a, b } = twoServices();
    const out = join(tempLogDir(), "r.html");
    const r = await runCli(["report", a, b, "-o", out]);
    expect(r.code).toBe(0);
    const { data } = embeddedData(out);
    expect(data.meta.services).toEqual(["svc-a", "svc-b"]);
    expect(data.meta.counts).toMatchObject({ flows: 3, failed: 2, success: 1 });
    const i = data.flows.id.indexOf(CHECKOUT.id);
    const k = data.flows.id.indexOf(CHARGE.id);
    expect([data.flows.svc[i], data.flows.svc[k]]).toEqual([0, 1]);
    expect(data.strings[data.flows.trace[i]!]).toBe(TRACE);
    expect(data.flows.trace[k]).toBe(data.flows.trace[i]);
    expect(data.flows.trace[data.flows.id.indexOf(OTHER.id)]).toBe(-1); // one service only: nothing to join
  });

  it("the same directory name twice keeps the full paths apart", async () => {
    const root = tempLogDir();
    for (const side of ["x", "y"]) writeLog(join(root, side, "app", "logs"), "flows", "20261125_093000_flows.log", flowLines(OTHER));
    const j = JSON.parse((await runCli(["view", join(root, "x", "app", "logs"), join(root, "y", "app", "logs"), "--json"])).stdout) as { flows: { service: string }[] };
    expect(j.flows.map((f) => f.service)).toEqual([join(root, "x", "app", "logs"), join(root, "y", "app", "logs")]);
  });
});

describe("logcrest view --follow", () => {
  it("prints flows as their flow_end is written, through a rotation, and stops on SIGINT", async () => {
    const dir = tempLogDir("logcrest-follow-");
    const flows = join(dir, "flows");
    mkdirSync(flows);
    const live = join(flows, "20261125_100000_flows.log");
    // written before following starts: not shown
    writeFileSync(live, `${flowLines({ ...OTHER, id: "old-00000001" }).join("\n")}\n`);
    const child = spawn(process.execPath, [CLI, "view", "--follow", dir, "--json"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const waitFor = async (what: () => boolean, label: string) => {
      const until = Date.now() + 15_000;
      while (!what()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${label}; stdout: ${stdout} stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitFor(() => stderr.includes("following"), "the start");
    const ids = () => stdout.trim().split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as { flow_id: string }).flow_id);
    const [s1, e1] = flowLines({ ...OTHER, id: "new-00000001" });
    appendFileSync(live, `${s1}\n`);
    await new Promise((r) => setTimeout(r, 400));
    expect(stdout).toBe(""); // a start alone is not a finished flow
    // the flow_end arrives in two writes, split inside a multi-byte character
    const endText = `${e1!.replace('"refund"', '"réfund ✓"')}\n`;
    const enc = new TextEncoder();
    const end = enc.encode(endText);
    const cut = enc.encode(endText.slice(0, endText.indexOf("✓"))).length + 1; // inside the 3 bytes of ✓
    appendFileSync(live, end.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(live, end.subarray(cut));
    await waitFor(() => ids().length === 1, "the first flow");
    expect(ids()).toEqual(["new-00000001"]);
    expect(stdout).toContain('"function":"réfund ✓"');
    // rotation: a start in the old file, the live file renamed to .1, the end in the new file;
    // and one more flow written to the old file just before the rename
    const [s2, e2] = flowLines({ ...OTHER, id: "new-00000002" });
    const [s3, e3] = flowLines({ ...OTHER, id: "new-00000003" });
    appendFileSync(live, `${s2}\n${s3}\n${e3}\n`);
    renameSync(live, `${live}.1`);
    writeFileSync(live, `${e2}\n`);
    await waitFor(() => ids().length === 3, "the flows around the rotation");
    expect(ids()).toEqual(["new-00000001", "new-00000003", "new-00000002"]);
    // a new process starts a new stamped file: read from its start
    writeFileSync(join(flows, "20261125_110000_flows.log"), `${flowLines({ ...CHARGE, id: "new-00000004" }).join("\n")}\n`);
    await waitFor(() => ids().length === 4, "the new file's flow");
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(0);
    expect(ids()).toEqual(["new-00000001", "new-00000003", "new-00000002", "new-00000004"]);
  }, 40_000);
});
