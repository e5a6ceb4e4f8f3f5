/**
 * One trace across two services over real HTTP on 127.0.0.1 (SPEC §3, §7, §10): with
 * `propagate` on, Express calls Fastify through global fetch, and a node:http server calls
 * Koa through http.request; the downstream flow runs in the caller's trace and its
 * parent_span_id is the caller's span. A malformed or hostile traceparent starts a new
 * trace. Propagation is off by default, and a traceparent the app set itself is kept.
 *
 * Both services run in this process, so their records meet in one memory pipeline; the
 * downstream request runs in a fresh context (a server's requests never inherit the
 * caller's), so the trace crosses only through the header, as between machines.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import Koa from "koa";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { currentTraceId } from "../runtime/context";
import { instrument, wrapListener } from "../runtime/http/index";
import { setPropagation } from "../runtime/trace/propagate";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { callDownstream, checkStock } from "./helpers/trace-steps";

interface Downstream {
  url: string;
  /** The headers of every request it received. */
  seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}
function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function startFastify(): Promise<Downstream> {
  const seen: IncomingHttpHeaders[] = [];
  const app: FastifyInstance = Fastify();
  instrument(app);
  app.get<{ Params: { sku: string } }>("/stock/:sku", async (req) => {
    seen.push(req.headers);
    return { ok: checkStock(req.params.sku), trace: currentTraceId() };
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, seen, close: () => (app.server.closeAllConnections(), app.close()) };
}

async function startKoa(): Promise<Downstream> {
  const seen: IncomingHttpHeaders[] = [];
  const app = new Koa();
  instrument(app);
  app.use(async (ctx) => {
    seen.push(ctx.headers);
    ctx.body = { ok: checkStock(ctx.path), trace: currentTraceId() };
  });
  const server = createServer(app.callback());
  return { url: await listen(server), seen, close: () => closeServer(server) };
}

/** GET with node:http's request (optionally with our own headers), the body as JSON. */
function httpGet(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    req.end();
  });
}

let mem: MemoryPipeline;
let fastify: Downstream;
let koa: Downstream;
const upstreams: Server[] = [];
let expressUrl: string;
let plainUrl: string;

beforeAll(async () => {
  fastify = await startFastify();
  koa = await startKoa();
  const app = express();
  instrument(app);
  app.get("/orders/:id", async (req, res) => {
    const stock = await callDownstream(async () => (await fetch(`${fastify.url}/stock/${req.params.id}`, { headers: req.query.own === "1" ? { traceparent: "00-11111111111111111111111111111111-2222222222222222-01" } : {} })).json());
    res.json({ stock, trace: currentTraceId() });
  });
  const expressServer = createServer(app);
  expressUrl = await listen(expressServer);
  const plain = createServer(
    wrapListener((req: IncomingMessage, res: ServerResponse) => {
      void callDownstream(() => httpGet(`${koa.url}/stock${req.url ?? ""}`)).then((stock) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ stock, trace: currentTraceId() }));
      });
    }),
  );
  plainUrl = await listen(plain);
  upstreams.push(expressServer, plain);
});
afterAll(async () => {
  setPropagation(false);
  for (const s of upstreams) await closeServer(s);
  await fastify.close();
  await koa.close();
});
beforeEach(() => {
  mem = installMemoryPipeline();
  fastify.seen.length = 0;
  koa.seen.length = 0;
  setPropagation(true);
});
afterEach(() => setPropagation(false));

const flowEnd = (fn: RegExp) => mem.objects().find((r) => r.flow_type === "flow_end" && fn.test(String(r.function)))!;

async function settle(): Promise<void> {
  // flow_end of the upstream is written when its response has finished.
  await new Promise((r) => setTimeout(r, 20));
}

describe("one trace across two services", () => {
  it("Express calls Fastify through fetch: one trace id, and the downstream flow's parent is the caller's span", async () => {
    const body = (await (await fetch(`${expressUrl}/orders/42`)).json()) as { trace: string; stock: { trace: string } };
    await settle();
    expect(body.trace).toMatch(/^[0-9a-f]{8}$/);
    expect(body.stock.trace).toBe(body.trace);
    const upstream = flowEnd(/^GET \/orders/);
    const downstream = flowEnd(/^GET \/stock/);
    expect(upstream.trace_id).toBe(body.trace);
    expect(downstream.trace_id).toBe(body.trace);
    expect(downstream.parent_span_id).toBe(upstream.span_id);
    expect(fastify.seen[0]!.traceparent).toBe(`00-000000000000000000000000${body.trace}-${upstream.span_id as string}-01`);
    // Every record of both requests carries the one trace id.
    const recs = mem.objects().filter((r) => r.trace_id !== "Global");
    expect(new Set(recs.map((r) => r.trace_id))).toEqual(new Set([body.trace]));
    expect(recs.filter((r) => r.function === "checkStock")[0]!.parent_span_id).toBe(downstream.span_id);
  });

  it("node:http calls Koa through http.request: the same", async () => {
    const body = (await httpGet(`${plainUrl}/sku-7`)) as { trace: string; stock: { trace: string } };
    await settle();
    expect(body.stock.trace).toBe(body.trace);
    const upstream = flowEnd(/^GET \/sku-7/);
    const downstream = flowEnd(/^GET \/stock/);
    expect(downstream.trace_id).toBe(upstream.trace_id);
    expect(downstream.parent_span_id).toBe(upstream.span_id);
    expect(koa.seen[0]!.traceparent).toMatch(/^00-0{24}[0-9a-f]{8}-[0-9a-f]{16}-01$/);
  });

  it("a traceparent the app set itself is kept", async () => {
    await (await fetch(`${expressUrl}/orders/1?own=1`)).json();
    expect(fastify.seen[0]!.traceparent).toBe("00-11111111111111111111111111111111-2222222222222222-01");
    await settle();
    expect(flowEnd(/^GET \/stock/).trace_id).toBe("11111111111111111111111111111111");
  });

  it("off by default: no header is added", async () => {
    setPropagation(false);
    const body = (await (await fetch(`${expressUrl}/orders/42`)).json()) as { trace: string; stock: { trace: string } };
    expect(fastify.seen[0]!.traceparent).toBeUndefined();
    expect(body.stock.trace).not.toBe(body.trace);
  });

  it("outside any trace, outgoing requests get no header", async () => {
    await httpGet(`${koa.url}/stock/x`);
    await fetch(`${fastify.url}/stock/y`);
    expect(koa.seen[0]!.traceparent).toBeUndefined();
    expect(fastify.seen[0]!.traceparent).toBeUndefined();
  });

  it.each([
    ["malformed", "not-a-traceparent"],
    ["upper-case", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"],
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["oversized", `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-${"x".repeat(6000)}`],
  ])("a %s traceparent is ignored: Fastify and Koa start a new trace", async (_name, traceparent) => {
    const viaFetch = (await (await fetch(`${fastify.url}/stock/a`, { headers: { traceparent } })).json()) as { trace: string };
    const viaHttp = (await httpGet(`${koa.url}/stock/b`, { traceparent })) as { trace: string };
    for (const t of [viaFetch.trace, viaHttp.trace]) expect(t).toMatch(/^[0-9a-f]{8}$/);
    await settle();
    for (const r of mem.objects().filter((x) => x.flow_type === "flow_end")) expect(r.parent_span_id).toBeUndefined();
  });

  it("a valid W3C trace from another tracer keeps its 32-hex id and tracestate", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const body = (await (await fetch(`${fastify.url}/stock/a`, { headers: { traceparent, tracestate: "congo=t61rcWkgMzE" } })).json()) as { trace: string };
    expect(body.trace).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    await settle();
    expect(flowEnd(/^GET \/stock/).parent_span_id).toBe("00f067aa0ba902b7");
  });
});
