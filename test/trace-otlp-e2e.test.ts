/**
 * otlpHandler in a real app process (the built package, a child process): configured like a
 * user would, it ships the flow and its steps as spans and every record as a log record;
 * what is still buffered when the process exits is sent before it ends, within the bound;
 * shutdown() flushes; a receiver that never answers delays exit by the bound at most.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "./helpers/otlp-receiver";

const runtime = join(__dirname, "..", "dist", "cjs", "runtime", "index.js");

function runApp(body: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), "lc-otlp-"));
  const script = `const lc = require(${JSON.stringify(runtime)});\n${body}`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", script], { cwd: dir, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });
}

type Span = { name: string; spanId: string; parentSpanId?: string; traceId: string; kind: number };
function spansOf(receiver: Receiver): Span[] {
  return receiver
    .accepted("/v1/traces")
    .flatMap((r) => (r.body as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Span[] }> }> }).resourceSpans[0]!.scopeSpans[0]!.spans);
}
function logsOf(receiver: Receiver): Array<{ body: { stringValue: string }; traceId?: string }> {
  return receiver
    .accepted("/v1/logs")
    .flatMap((r) => (r.body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string }; traceId?: string }> }> }> }).resourceLogs[0]!.scopeLogs[0]!.logRecords);
}

// A flow of two steps with the block form (nested block flows are steps), and a user record.
const APP = (url: string) => `
lc.configure({ console: false, handlers: [lc.otlpHandler({ url: ${JSON.stringify(url)}, resource: { "service.name": "shop" } })] });
lc.flow("checkout", () => {
  lc.flow({ name: "validate" }, () => 1);
  lc.log.info("inside");
  lc.flow({ name: "charge" }, () => 2);
});
`;

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("otlpHandler in an app", () => {
  it("at exit, the buffered flow, its steps and the records are sent before the process ends", async () => {
    receiver = await startReceiver();
    const r = await runApp(APP(receiver.url));
    expect(r.code).toBe(0);
    const spans = spansOf(receiver);
    expect(spans.map((s) => s.name).sort()).toEqual(["charge", "checkout", "validate"]);
    const flowSpan = spans.find((s) => s.name === "checkout")!;
    for (const step of spans.filter((s) => s !== flowSpan)) expect(step.parentSpanId).toBe(flowSpan.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const logs = logsOf(receiver);
    expect(logs.map((l) => l.body.stringValue)).toContain("inside");
    expect(logs.find((l) => l.body.stringValue === "inside")!.traceId).toBe(flowSpan.traceId);
    const resource = (receiver.accepted("/v1/traces")[0]!.body as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue: string } }> } }> }).resourceSpans[0]!.resource;
    expect(resource.attributes.find((a) => a.key === "service.name")!.value.stringValue).toBe("shop");
  });

  it("shutdown() sends everything and resolves", async () => {
    receiver = await startReceiver();
    const r = await runApp(`${APP(receiver.url)}\nlc.shutdown().then(() => process.stderr.write("shut " + Date.now() + "\\n"));`);
    const shut = Number(/shut (\d+)/.exec(r.stderr)![1]);
    expect(spansOf(receiver)).toHaveLength(3);
    // Sent by shutdown() itself, before it resolved (not by the exit flush after it).
    for (const req of receiver.accepted()) expect(req.at).toBeLessThanOrEqual(shut);
  });

  it("a receiver that never answers delays exit by the exit bound, not more, and the app still exits 0", async () => {
    receiver = await startReceiver();
    receiver.answer = () => 200;
    // A server that accepts connections and never answers.
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await runApp(APP(`http://127.0.0.1:${port}`).replace('"service.name": "shop" }', '"service.name": "shop" }, exitTimeoutMs: 500'));
      expect(r.code).toBe(0);
      expect(r.ms).toBeLessThan(4000);
      expect(r.stderr).toMatch(/could not be sent before exit/);
    } finally {
      silent.close();
    }
  });
});
