/**
 * The tracing options through the real configuration path, in an app process using the
 * built package: LOGCREST_PROPAGATE=1 / LOGCREST_OTEL=1 from the environment, and
 * configure({ propagate, otel }) turning them on and off again.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const runtime = join(root, "dist", "cjs", "runtime", "index.js");

/** Runs `body` in a child with a loopback server that answers with the traceparent it got. */
function app(body: string, env: Record<string, string> = {}): Record<string, unknown> {
  const script = `
const lc = require(${JSON.stringify(runtime)});
const http = require("node:http");
const { createRequire } = require("node:module");
const req = createRequire(${JSON.stringify(join(root, "package.json"))});
const server = http.createServer((q, s) => s.end(JSON.stringify({ traceparent: q.headers.traceparent ?? null }))).listen(0, "127.0.0.1", async () => {
  const url = "http://127.0.0.1:" + server.address().port + "/";
  const get = async () => (await (await fetch(url)).json()).traceparent;
  const out = {};
  try { ${body} } catch (e) { out.error = String(e && e.stack || e); }
  server.close();
  process.stdout.write(JSON.stringify(out));
});`;
  const dir = mkdtempSync(join(tmpdir(), "lc-trace-config-"));
  const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, timeout: 20_000 });
  expect(r.stderr).not.toMatch(/Error/);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("tracing options", () => {
  it("LOGCREST_PROPAGATE=1 adds traceparent to fetch inside a flow, none outside", () => {
    const out = app(
      `lc.configure({ console: false });
       out.inside = await lc.flow("outgoing", async () => ({ header: await get(), trace: lc.currentTraceId() }));
       out.outside = await get();`,
      { LOGCREST_PROPAGATE: "1" },
    );
    const inside = out.inside as { header: string; trace: string };
    expect(inside.header).toMatch(new RegExp(`^00-0{24}${inside.trace}-[0-9a-f]{16}-01$`));
    expect(out.outside).toBeNull();
  });

  it("off by default, and configure({ propagate }) turns it on and off again", () => {
    const out = app(`
      lc.configure({ console: false });
      out.byDefault = await lc.flow("a", get);
      lc.configure({ propagate: true });
      out.on = await lc.flow("b", get);
      lc.configure({ propagate: false });
      out.off = await lc.flow("c", get);`);
    expect(out.byDefault).toBeNull();
    expect(out.on).toMatch(/^00-/);
    expect(out.off).toBeNull();
  });

  it("LOGCREST_OTEL=1 with a registered provider: flows are spans, records carry their ids", () => {
    const out = app(
      `const api = req("@opentelemetry/api");
       const sdk = req("@opentelemetry/sdk-trace-base");
       const exporter = new sdk.InMemorySpanExporter();
       api.trace.setGlobalTracerProvider(new sdk.BasicTracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] }));
       const seen = [];
       lc.configure({ console: false, handlers: [(r) => seen.push(r)] });
       await lc.flow("bridged", async () => { out.trace = lc.currentTraceId(); });
       await lc.flush();
       out.spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, trace: s.spanContext().traceId, span: s.spanContext().spanId }));
       out.end = seen.find((r) => r.flow_type === "flow_end");`,
      { LOGCREST_OTEL: "1" },
    );
    const spans = out.spans as Array<{ name: string; trace: string; span: string }>;
    expect(spans.map((s) => s.name)).toEqual(["bridged"]);
    const end = out.end as { trace_id: string; span_id: string };
    expect(end.span_id).toBe(spans[0]!.span);
    expect(end.trace_id).toBe(out.trace);
    expect(spans[0]!.trace.endsWith(end.trace_id)).toBe(true);
  });
});
