/**
 * The HTTP behaviour suite (SPEC §7), run against every integration in the table of
 * test/helpers/http-apps.ts: Express (instrument and middleware), Fastify, Koa, Hono
 * (instrument and wrapFetch, both served by @hono/node-server) and node:http (instrument
 * and wrapListener). Real servers on 127.0.0.1, real requests, records read back from the
 * files the runtime writes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { APP_CASES, APP_OPTIONS, SLOW_MS, type RunningApp } from "./helpers/http-apps";
import { abandon, postSlowBody, send, sendRaw } from "./helpers/http-client";
import { useLogDirAndWarnings, type LogDir, type Obj } from "./helpers/http-records";
import { crashes, sleep, thrown } from "./helpers/http-steps";

const HEX = "[0-9a-f]{8}";
const files = useLogDirAndWarnings(beforeAll, afterAll);
const warnings = files.warnings;
let logs: LogDir;
beforeAll(() => {
  logs = files.logs();
});

function timelineOf(end: Obj): Array<[string, string]> {
  return (end.timeline as Array<{ fn: string; status: string }>).map((s) => [s.fn, s.status]);
}

describe.each(APP_CASES)("$name", (appCase) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await appCase.start(APP_OPTIONS);
  });
  afterAll(async () => {
    await app.close();
  });
  afterEach(() => {
    // A test must never leave a flow half-written for the next one to trip over.
    app.seenErrors.length = 0;
  });

  /** flow_end's `function` for a request to `path` that the route `template` answers. */
  const endName = (method: string, template: string, path: string): string => `${method} ${appCase.templates ? template : path}`;

  it("a request is one flow: id from method and path, route in records, status, steps", async () => {
    const reply = await send(app.url, "/orders/42?x=1");
    expect(reply.status).toBe(200);
    expect(reply.flowId).toMatch(new RegExp(`^get-orders-42-${HEX}$`));
    // The handler ran inside the flow whose id the header carries.
    expect(reply.body.flowId).toBe(reply.flowId);
    const { starts, ends, end } = await logs.flow(reply.flowId!);
    expect(starts).toHaveLength(1);
    expect(ends).toHaveLength(1);
    const trace = reply.flowId!.slice(-8);
    expect(reply.body.traceId).toBe(trace);
    expect(starts[0]).toMatchObject({ function: "GET /orders/42", level: "INFO", trace_id: trace });
    expect(starts[0]!.message).toBe(`[Flow Start] 'GET /orders/42' | flow_id=${reply.flowId}`);
    // flow_start is written before routing: the raw path, in every integration alike.
    expect(end).toMatchObject({
      function: endName("GET", "/orders/:id", "/orders/42"),
      route: appCase.templates ? "/orders/:id" : "/orders/42",
      path: "/orders/42",
      flow_status: "success",
      http_status: 200,
      steps: 2,
      trace_id: trace,
    });
    expect(end.message).toBe(`[Flow End] '${end.function}' | flow_id=${reply.flowId} | success in ${end.total_ms.toFixed(2)}ms`);
    expect(timelineOf(end)).toEqual([
      ["loadOrder", "ok"],
      ["priceOrder", "ok"],
    ]);
    expect(end.aborted).toBeUndefined();
    // Step records and the user's log.info inside the step carry the flow's trace id.
    const traced = await logs.traceRecords(trace);
    expect(traced.map((r) => r.message)).toContain("order loaded");
    expect(traced.find((r) => r.message === "order loaded")).toMatchObject({ order: "42" });
  });

  it("labels the flow from X-Request-ID, cleaned", async () => {
    const reply = await send(app.url, "/orders/7", { headers: { "X-Request-ID": "Checkout Session 7F3A" } });
    expect(reply.flowId).toMatch(new RegExp(`^checkout-session-7f3a-${HEX}$`));
    const hostile = await send(app.url, "/orders/8", { headers: { "X-Request-ID": "../<script>alert(1)</script>" } });
    expect(hostile.flowId).toMatch(new RegExp(`^script-alert-1-script-${HEX}$`));
    // A header that cleans to nothing falls back to the route.
    const empty = await send(app.url, "/orders/9", { headers: { "X-Request-ID": "../!!" } });
    expect(empty.flowId).toMatch(new RegExp(`^get-orders-9-${HEX}$`));
    expect((await logs.flow(hostile.flowId!)).end.function).toBe(endName("GET", "/orders/:id", "/orders/8"));
  });

  it("a POST body parsed by the framework does not lose the flow", async () => {
    const reply = await postSlowBody(app.url, "/orders", { sku: "book" });
    expect(reply.status).toBe(200);
    expect(reply.flowId).toMatch(new RegExp(`^post-orders-${HEX}$`));
    expect(reply.body.flowId).toBe(reply.flowId);
    const { end } = await logs.flow(reply.flowId!);
    expect(timelineOf(end)).toEqual([
      ["parseBody", "ok"],
      ["loadOrder", "ok"],
    ]);
  });

  it("sequential and concurrent steps all appear, in start order", async () => {
    const reply = await send(app.url, "/steps");
    expect(reply.body.flowId).toBe(reply.flowId);
    const { end } = await logs.flow(reply.flowId!);
    // checkStock starts before reserveStock but ends after it: start order is what counts.
    expect(timelineOf(end)).toEqual([
      ["loadOrder", "ok"],
      ["priceOrder", "ok"],
      ["checkStock", "ok"],
      ["reserveStock", "ok"],
    ]);
    expect(end.steps).toBe(4);
  });

  it("a step that throws fails the flow at that step; the framework's error handling gets the same error", async () => {
    const reply = await send(app.url, "/boom");
    expect(reply.status).toBe(500);
    expect(reply.flowId).toMatch(new RegExp(`^get-boom-${HEX}$`));
    const { ends, end } = await logs.flow(reply.flowId!);
    expect(ends).toHaveLength(1);
    expect(end).toMatchObject({
      level: "ERROR",
      flow_status: "failed",
      failed_at: "chargeCard",
      step: "2/2",
      flow_error: "Error: card declined",
      http_status: 500,
    });
    expect(timelineOf(end)).toEqual([
      ["loadOrder", "ok"],
      ["chargeCard", "failed"],
    ]);
    expect(app.seenErrors).toHaveLength(1);
    expect(app.seenErrors[0]).toBe(thrown.at(-1));
  });

  it("a handler that throws fails the flow at the route", async () => {
    const reply = await send(app.url, "/crash");
    expect(reply.status).toBe(500);
    expect(reply.flowId).toMatch(new RegExp(`^get-crash-${HEX}$`));
    const { end } = await logs.flow(reply.flowId!);
    expect(end).toMatchObject({ flow_status: "failed", failed_at: "GET /crash", step: "0/0", http_status: 500 });
    expect(end.flow_error).toBe(appCase.seesHandlerErrors ? "Error: handler crashed" : "HTTPError: 500 Internal Server Error");
    expect(app.seenErrors).toEqual([crashes.at(-1)]);
    expect(app.seenErrors[0]).toBe(crashes.at(-1));
  });

  it("a 5xx response without a throw fails the flow", async () => {
    const reply = await send(app.url, "/fail500");
    expect(reply.status).toBe(500);
    expect(reply.flowId).toMatch(new RegExp(`^get-fail500-${HEX}$`));
    const { end } = await logs.flow(reply.flowId!);
    expect(end).toMatchObject({
      level: "ERROR",
      flow_status: "failed",
      failed_at: "GET /fail500",
      step: "0/0",
      flow_error: "HTTPError: 500 Internal Server Error",
      http_status: 500,
    });
  });

  it("every response carries X-Flow-ID, a 404 too; the router's 404 is named <unmatched>, not by its path", async () => {
    const reply = await send(app.url, "/no/such/route");
    expect(reply.status).toBe(404);
    // The flow id keeps the raw path as its label (SPEC §7).
    expect(reply.flowId).toMatch(new RegExp(`^get-no-such-route-${HEX}$`));
    const { starts, end } = await logs.flow(reply.flowId!);
    expect(starts[0]!.function).toBe("GET /no/such/route");
    expect(end).toMatchObject({
      function: endName("GET", "<unmatched>", "/no/such/route"),
      route: appCase.templates ? "<unmatched>" : "/no/such/route",
      path: "/no/such/route",
      flow_status: "success",
      http_status: 404,
    });
  });

  it("skipped paths get no flow and no header", async () => {
    const reply = await send(app.url, "/healthz");
    expect(reply.status).toBe(200);
    expect(reply.flowId).toBeNull();
    // A later request's flow is written after anything /healthz could have written.
    const after = await send(app.url, "/orders/1");
    await logs.flow(after.flowId!);
    const { flows } = await logs.read();
    expect(flows.filter((r) => String(r.function).includes("healthz"))).toEqual([]);
  });

  it("50 parallel requests never share a flow or a trace", async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(app.url, `/orders/p${i}`, { headers: { "x-request-id": `par-${i}` } })),
    );
    const ids = replies.map((r) => r.flowId!);
    expect(new Set(ids).size).toBe(50);
    expect(new Set(ids.map((id) => id.slice(-8))).size).toBe(50);
    const flows = await logs.waitFlows(
      (f) => ids.every((id) => f.some((r) => r.flow_id === id && r.flow_type === "flow_end")),
      "50 flow_ends",
    );
    const { success } = await logs.read();
    replies.forEach((reply, i) => {
      expect(reply.flowId).toMatch(new RegExp(`^par-${i}-${HEX}$`));
      expect(reply.body.flowId).toBe(reply.flowId);
      const mine = flows.filter((r) => r.flow_id === reply.flowId);
      expect(mine.map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
      const end = mine[1]!;
      expect(end.function).toBe(endName("GET", "/orders/:id", `/orders/p${i}`));
      expect(end.path).toBe(`/orders/p${i}`);
      expect(timelineOf(end)).toEqual([
        ["loadOrder", "ok"],
        ["priceOrder", "ok"],
      ]);
      // The record logged inside this request's step has this request's trace and no other.
      const loaded = success.filter((r) => r.message === "order loaded" && r.trace_id === reply.flowId!.slice(-8));
      expect(loaded).toHaveLength(1);
      expect(loaded[0]!.order).toBe(`p${i}`);
    });
  });

  it("a request the client abandons gets exactly one flow_end, aborted", async () => {
    const label = `abort-${Math.random().toString(16).slice(2, 8)}`;
    const started = logs.waitFlows(
      (f) => f.some((r) => r.flow_type === "flow_start" && String(r.flow_id).startsWith(`${label}-`)),
      "the abandoned request's flow_start",
    );
    // Give the handler time to be inside the slow step before the client leaves.
    await abandon(app.url, "/slow", { "x-request-id": label }, started.then(() => sleep(50)));
    const flows = await logs.waitFlows(
      (f) => f.some((r) => r.flow_type === "flow_end" && String(r.flow_id).startsWith(`${label}-`)),
      "the abandoned request's flow_end",
    );
    const id = flows.find((r) => String(r.flow_id).startsWith(`${label}-`))!.flow_id as string;
    const end = flows.find((r) => r.flow_id === id && r.flow_type === "flow_end")!;
    expect(end).toMatchObject({ aborted: true, flow_status: "failed", http_status: 499, failed_at: "GET /slow" });
    expect(timelineOf(end)).toEqual([
      ["loadOrder", "ok"],
      ["slowStep", "interrupted"],
    ]);
    // The handler finishes later, on its own: still one flow_end.
    await sleep(SLOW_MS + 100);
    const { flows: later } = await logs.read();
    expect(later.filter((r) => r.flow_id === id).map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
  });

  it("a @flow-tagged handler degrades to a step with the warning, no duplicate flow records", async () => {
    const before = warnings.length;
    const reply = await send(app.url, "/nested");
    expect(reply.status).toBe(200);
    const { starts, ends, end } = await logs.flow(reply.flowId!);
    expect([starts.length, ends.length]).toEqual([1, 1]);
    expect(timelineOf(end)).toEqual([
      ["checkoutFlow", "ok"],
      ["loadOrder", "ok"],
    ]);
    const { flows } = await logs.read();
    expect(flows.filter((r) => r.function === "checkoutFlow")).toEqual([]);
    await sleep(0); // process warnings are emitted on the next tick
    const nested = warnings.slice(before).filter((w) => (w as Error & { code?: string }).code === "LOGCREST_NESTED_FLOW");
    expect(nested).toHaveLength(1);
    expect(nested[0]!.message).toContain("'checkoutFlow'");
    expect(nested[0]!.message).toContain(reply.flowId!);
  });

  it("control characters from the path cannot break a line or reach a terminal", async () => {
    const raw = await sendRaw(app.url, "GET /orders/a%0D%0Ab%1B[2Jc%E2%80%A8d HTTP/1.1\r\nHost: x");
    expect(raw.status).toBe(200);
    expect(raw.flowId).toMatch(new RegExp(`^get-orders-a-b-2jc-d-${HEX}$`));
    const { starts, end } = await logs.flow(raw.flowId!);
    expect(starts[0]!.function).toBe("GET /orders/a\\r\\nb\\x1b[2Jc\\u2028d");
    expect(end.path).toBe("/orders/a\\r\\nb\\x1b[2Jc\\u2028d");
    expect(end.function).toBe(endName("GET", "/orders/:id", end.path));
    const { rawFlows } = await logs.read();
    const line = rawFlows.split("\n").find((l) => l.includes(raw.flowId!) && l.includes("flow_end"))!;
    expect(line).not.toMatch(/[\r\u001b\u2028]/);
    // Node's parser refuses CR, LF and ESC in header values; what it lets through (TAB,
    // obs-text) is cleaned out of the label like everything else.
    const header = await sendRaw(app.url, "GET /orders/h HTTP/1.1\r\nHost: x\r\nX-Request-ID: ../\t<script>caf\u00e9");
    expect(header.status).toBe(200);
    expect(header.flowId).toMatch(new RegExp(`^script-caf-${HEX}$`));
  });
});
