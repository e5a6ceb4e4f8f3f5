/**
 * The pieces of logcrest/http that need no server: paths, route names and their escaping,
 * options, app detection, and wrapFetch called directly with fetch Request objects.
 */
import fc from "fast-check";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentFlowId } from "../runtime/context";
import { flow } from "../runtime/flow-api";
import { detectApp, instrument, middleware, wrapFetch, wrapListener } from "../runtime/http/index";
import { resolveOptions } from "../runtime/http/options";
import { cleanLabel } from "../runtime/ids";
import { escapeControl } from "../runtime/format/escape";
import { MAX_PATH_CHARS, pathOf, requestNames, routeName, UNMATCHED } from "../runtime/http/route-name";
import { useLogDir, type LogDir } from "./helpers/http-records";
import { loadOrder, sleep, slowStep } from "./helpers/http-steps";

const HEX = "[0-9a-f]{8}";

describe("paths and route names", () => {
  it("drops the query and fragment, from origin-form and absolute-form URLs", () => {
    expect(pathOf("/orders/42?x=1")).toBe("/orders/42");
    expect(pathOf("/orders/42#top")).toBe("/orders/42");
    expect(pathOf("/a?next=http://evil/x")).toBe("/a");
    expect(pathOf("http://127.0.0.1:80/orders/42?x=1")).toBe("/orders/42");
    expect(pathOf("https://example.com")).toBe("/");
    expect(pathOf("https://example.com?q=1")).toBe("/");
    expect(pathOf("")).toBe("/");
    expect(pathOf("*")).toBe("*");
  });

  it("names the request as METHOD and decoded path, escaping control characters", () => {
    expect(requestNames("GET", "/orders/42")).toEqual({ name: "GET /orders/42", path: "/orders/42", labelSource: "GET /orders/42" });
    expect(requestNames("GET", "/caf%C3%A9").name).toBe("GET /café");
    expect(requestNames("GET", "/a%0D%0Ab")).toMatchObject({ name: "GET /a\\r\\nb", path: "/a\\r\\nb" });
    expect(requestNames("GET", "/%1B[31mred").name).toBe("GET /\\x1b[31mred");
    expect(requestNames("GET", "/x%E2%80%A8y").name).toBe("GET /x\\u2028y");
    // Bidi overrides could make a line read as something it is not.
    expect(requestNames("GET", "/x%E2%80%AEy").name).toBe("GET /x\\u202ey");
    // A malformed escape is kept as it came instead of failing the request.
    expect(requestNames("GET", "/bad%E0%A4%A").name).toBe("GET /bad%E0%A4%A");
  });

  it("names a route by its template, escaped, made once per method and template", () => {
    expect(routeName("GET", "/orders/:id")).toMatchObject({ name: "GET /orders/:id", route: "/orders/:id" });
    expect(routeName("GET", "/orders/:id")).toBe(routeName("GET", "/orders/:id"));
    // flow_end's site, named like the route and with no source position (its JSON made once).
    expect(routeName("GET", "/orders/:id").site).toMatchObject({ name: "GET /orders/:id", file: "", json: '"function":"GET /orders/:id"' });
    expect(routeName("POST", UNMATCHED)).toMatchObject({ name: "POST <unmatched>", route: "<unmatched>" });
    expect(routeName("GET", "/a\nb").name).toBe("GET /a\\nb");
    expect(routeName("GET", `/${"t".repeat(400)}`).route).toBe(`/${"t".repeat(MAX_PATH_CHARS - 1)}...`);
  });

  it("bounds a long path", () => {
    const { name, path } = requestNames("GET", `/${"a".repeat(5000)}`);
    expect(name).toBe(`GET /${"a".repeat(MAX_PATH_CHARS - 1)}...`);
    expect(path).toBe(`/${"a".repeat(MAX_PATH_CHARS - 1)}...`);
  });

  it("no input can put a line break or an escape into a request or route name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (method, path) => {
        const { name, path: shown } = requestNames(method, path);
        for (const text of [name, shown, routeName(method, path).name]) {
          expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
          expect(escapeControl(text)).toBe(text);
        }
      }),
    );
  });
});

describe("label cleaning (one pass, for every request id)", () => {
  /** SPEC §4's rules, written the direct way (four regex passes). */
  const byTheRules = (text: string): string => {
    let out = text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^-+|-+$/g, "");
    if (out.length > 32) out = out.slice(0, 32).replace(/-+$/, "");
    return out;
  };

  it("gives exactly what the rules give, for any text", () => {
    const pieces = fc.constantFrom("-", "--", " ", "A", "z", "9", "_", "\u212a", "\u0130", "é", "/", "x".repeat(31));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join(""))), (raw) => {
        expect(cleanLabel(raw)).toBe(byTheRules(raw));
      }),
      { numRuns: 2000 },
    );
    expect(cleanLabel("Checkout Session 7F3A")).toBe("checkout-session-7f3a");
    expect(cleanLabel("\u212aelvin")).toBe("kelvin");
    expect(cleanLabel(`${"a".repeat(32)}-b`)).toBe("a".repeat(32));
    expect(cleanLabel(`${"a".repeat(31)}-b`)).toBe("a".repeat(31));
    expect(cleanLabel(42)).toBe("42");
  });
});

describe("options", () => {
  it("has the documented defaults", () => {
    const o = resolveOptions(undefined);
    expect(o).toMatchObject({ level: 20, requestIdHeader: "x-request-id", flowIdHeader: "X-Flow-ID" });
    expect(o.skip("/healthz", "GET")).toBe(false);
  });

  it("skips exact paths, patterns (also /g ones, every time) and predicates", () => {
    const o = resolveOptions({ skip: ["/healthz", /^\/static\//g, (path, method) => method === "OPTIONS" && path === "/x"] });
    expect(o.skip("/healthz", "GET")).toBe(true);
    expect(o.skip("/healthz/deep", "GET")).toBe(false);
    for (let i = 0; i < 3; i++) expect(o.skip("/static/app.js", "GET")).toBe(true);
    expect(o.skip("/x", "OPTIONS")).toBe(true);
    expect(o.skip("/x", "GET")).toBe(false);
    expect(resolveOptions({ skip: "/only" }).skip("/only", "GET")).toBe(true);
  });

  it("rejects what cannot work, naming the option", () => {
    expect(() => resolveOptions({ level: "loud" })).toThrow(/unknown level "loud"/);
    expect(() => resolveOptions({ requestIdHeader: "bad header" })).toThrow(/requestIdHeader/);
    expect(() => resolveOptions({ flowIdHeader: "X-Flow\r\nSet-Cookie: a=b" })).toThrow(/flowIdHeader/);
    expect(() => resolveOptions({ skip: [42 as never] })).toThrow(/skip rule/);
    expect(resolveOptions({ level: "warning" }).level).toBe(30);
    expect(resolveOptions({ requestIdHeader: "X-Correlation-ID" }).requestIdHeader).toBe("x-correlation-id");
  });
});

describe("instrument() recognises apps by their shape", () => {
  it("tells the five apart", async () => {
    const fastify = Fastify();
    expect(detectApp(express())).toBe("express");
    expect(detectApp(fastify)).toBe("fastify");
    expect(detectApp(new Koa())).toBe("koa");
    expect(detectApp(new Hono())).toBe("hono");
    expect(detectApp(createServer())).toBe("node-http");
    expect(detectApp({})).toBeUndefined();
    await fastify.close();
  });

  it("refuses anything else and says what to use instead", () => {
    expect(() => instrument({ listen() {} })).toThrow(/middleware\(\), wrapListener\(\) or wrapFetch\(\)/);
  });

  it("puts its middleware first, also after the app's own (Express and Koa)", () => {
    const koa = new Koa();
    koa.use(async (_ctx, next) => next());
    instrument(koa);
    expect(koa.middleware.map((m) => m.name)).toEqual(["logcrestKoa", ""]);
    const ex = express();
    ex.get("/x", (_req, res) => void res.end());
    instrument(ex);
    const stack = (ex as unknown as { router: { stack: Array<{ handle: { name: string } }> } }).router.stack;
    expect(stack[0]!.handle.name).toBe("logcrestMiddleware");
  });

  it("returns the app, and a second call adds nothing", () => {
    const app = new Koa();
    expect(instrument(app)).toBe(app);
    instrument(app);
    expect(app.middleware).toHaveLength(1);
  });

  it("explicit forms check what they are given", () => {
    expect(() => wrapListener(undefined as never)).toThrow(TypeError);
    expect(() => wrapFetch(42 as never)).toThrow(TypeError);
    expect(typeof middleware()).toBe("function");
  });
});

describe("wrapFetch, called directly", () => {
  let logs: LogDir;
  beforeAll(() => {
    logs = useLogDir();
  });
  afterAll(async () => {
    await logs.remove();
  });

  it("keeps a sync handler sync and adds the header", async () => {
    const handler = wrapFetch((request: Request) => new Response(`hello ${new URL(request.url).pathname}`));
    const res = handler(new Request("http://x/hi?q=1", { headers: { "x-request-id": "Sync One" } }));
    expect(res).toBeInstanceOf(Response);
    const id = (res as Response).headers.get("x-flow-id")!;
    expect(id).toMatch(new RegExp(`^sync-one-${HEX}$`));
    expect(await (res as Response).text()).toBe("hello /hi");
    const { end } = await logs.flow(id);
    expect(end).toMatchObject({ function: "GET /hi", http_status: 200, flow_status: "success" });
  });

  it("copies a response whose headers are immutable so it can carry the id", async () => {
    const handler = wrapFetch(async () => Response.redirect("http://x/elsewhere", 302));
    const res = await handler(new Request("http://x/go"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://x/elsewhere");
    expect(res.headers.get("x-flow-id")).toMatch(new RegExp(`^get-go-${HEX}$`));
  });

  it("a throwing handler: same error out, flow failed with status 500", async () => {
    const boom = new TypeError("bad input");
    const handler = wrapFetch(async () => {
      await loadOrder("f1");
      throw boom;
    });
    const before = (await logs.read()).flows.length;
    await expect(handler(new Request("http://x/throws", { method: "PUT" }))).rejects.toBe(boom);
    const flows = await logs.waitFlows((f) => f.length >= before + 2, "the flow of PUT /throws");
    const end = flows.find((r) => r.function === "PUT /throws" && r.flow_type === "flow_end")!;
    expect(end).toMatchObject({ flow_status: "failed", failed_at: "PUT /throws", flow_error: "TypeError: bad input", http_status: 500 });
    const syncBoom = new Error("sync");
    expect(() =>
      wrapFetch(() => {
        throw syncBoom;
      })(new Request("http://x/sync-throw")),
    ).toThrow(syncBoom);
  });

  it("the request's signal ends the flow as aborted, once", async () => {
    const controller = new AbortController();
    const handler = wrapFetch(async (request: Request) => {
      await slowStep(80);
      return new Response(request.signal.aborted ? "late" : "on time");
    });
    const pending = handler(new Request("http://x/stream", { signal: controller.signal, headers: { "x-request-id": "sig" } }));
    await sleep(20);
    controller.abort();
    const res = await pending;
    const id = res.headers.get("x-flow-id")!;
    const { ends, end } = await logs.flow(id);
    expect(ends).toHaveLength(1);
    expect(end).toMatchObject({ aborted: true, http_status: 499, flow_status: "failed" });
    expect(end.timeline).toEqual([{ fn: "slowStep", ms: expect.any(Number), status: "interrupted" }]);
  });

  it("a request handled inside an active flow is still a flow of its own, with no nested-flow warning", async () => {
    const warned: Error[] = [];
    const onWarning = (w: Error): void => void warned.push(w);
    process.on("warning", onWarning);
    const handler = wrapFetch(async () => new Response(String(currentFlowId())));
    try {
      const [outerId, res] = await flow("outer-job", async () => [currentFlowId(), await handler(new Request("http://x/inner"))] as const);
      const id = res.headers.get("x-flow-id")!;
      expect(id).toMatch(new RegExp(`^get-inner-${HEX}$`));
      expect(await res.text()).toBe(id);
      expect(outerId).toMatch(new RegExp(`^outer-job-${HEX}$`));
      expect((await logs.flow(id)).end.flow_status).toBe("success");
      await sleep(0);
      expect(warned.filter((w) => (w as Error & { code?: string }).code === "LOGCREST_NESTED_FLOW")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("a request id with CR/LF (possible from a non-standard request object) is cleaned away", async () => {
    const handler = wrapFetch(() => new Response("ok"));
    const res = handler({
      url: "http://x/forged",
      method: "GET",
      headers: { get: (name: string) => (name === "x-request-id" ? "../\r\n<script>\u001b[2J" : null) },
    }) as Response;
    const id = res.headers.get("x-flow-id")!;
    expect(id).toMatch(new RegExp(`^script-2j-${HEX}$`));
    const { rawFlows } = await logs.read();
    expect(rawFlows).not.toMatch(/[\r\u001b]/);
    expect((await logs.flow(id)).end.function).toBe("GET /forged");
  });

  it("options: request id header, flow id header, level", async () => {
    const handler = wrapFetch(() => new Response("ok"), {
      requestIdHeader: "X-Correlation-ID",
      flowIdHeader: "X-Trace",
      level: "warning",
    });
    const res = handler(new Request("http://x/opt", { headers: { "x-correlation-id": "corr-9", "x-request-id": "ignored" } })) as Response;
    expect(res.headers.get("x-flow-id")).toBeNull();
    const id = res.headers.get("x-trace")!;
    expect(id).toMatch(new RegExp(`^corr-9-${HEX}$`));
    const { starts, end } = await logs.flow(id);
    expect(starts[0]!.level).toBe("WARNING");
    expect(end.level).toBe("WARNING");
  });
});
