/**
 * What only one framework has: Fastify hooks that lose the context, Koa's try/catch error
 * middleware, Express routes and error middleware registered before instrument(), Hono's
 * onError set later and app.request(), node:http listeners added later or twice, a
 * rejecting listener, and a client that leaves after the status line was sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentFlowId } from "../runtime/context";
import { flow } from "../runtime/flow-api";
import { instrument, wrapListener } from "../runtime/http/index";
import { abandon, send } from "./helpers/http-client";
import { close, listen } from "./helpers/http-server";
import { useLogDir, type LogDir, type Obj } from "./helpers/http-records";
import { chargeCard, loadOrder, priceOrder, sleep, thrown } from "./helpers/http-steps";

const HEX = "[0-9a-f]{8}";
let logs: LogDir;
beforeAll(() => {
  logs = useLogDir();
});
afterAll(async () => {
  await logs.remove();
});

const fns = (end: Obj): string[] => (end.timeline as Array<{ fn: string }>).map((s) => s.fn);

describe("fastify", () => {
  it("a hook that continues from a foreign context (a pool callback) does not lose the flow", async () => {
    // A connection pool created at startup: its callbacks run in the pool's context, not
    // the request's, like many callback-style clients.
    const pool = new (await import("node:events")).EventEmitter();
    const timer = setInterval(() => pool.emit("ready"), 5);
    const app = Fastify();
    instrument(app);
    app.addHook("preValidation", (_req, _reply, done) => {
      pool.once("ready", () => done());
    });
    app.get("/after-pool", async () => {
      await sleep(1);
      await loadOrder("pool");
      await sleep(1);
      await priceOrder("pool");
      return { flowId: currentFlowId() };
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const reply = await send(url, "/after-pool");
      expect(reply.body.flowId).toBe(reply.flowId);
      const { end } = await logs.flow(reply.flowId!);
      expect(fns(end)).toEqual(["loadOrder", "priceOrder"]);
    } finally {
      clearInterval(timer);
      app.server.closeAllConnections();
      await app.close();
    }
  });
});

describe("koa", () => {
  it("a try/catch error middleware that handles the error and emits it: the flow fails with that error", async () => {
    const app = new Koa();
    instrument(app);
    const seen: unknown[] = [];
    app.on("error", (err: unknown) => void seen.push(err));
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = 503;
        ctx.body = { error: (err as Error).message };
        ctx.app.emit("error", err, ctx);
      }
    });
    app.use(async () => {
      await chargeCard();
    });
    const server = createServer(app.callback());
    const url = await listen(server);
    try {
      const reply = await send(url, "/pay");
      expect(reply.status).toBe(503);
      expect(reply.flowId).toMatch(new RegExp(`^get-pay-${HEX}$`));
      const { end } = await logs.flow(reply.flowId!);
      expect(end).toMatchObject({ failed_at: "chargeCard", flow_error: "Error: card declined", http_status: 503 });
      expect(seen).toEqual([thrown.at(-1)]);
    } finally {
      await close(server);
    }
  });

  it("an error a middleware turns into a 4xx without emitting it is not seen; the 4xx flow succeeds", async () => {
    const app = new Koa();
    instrument(app);
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch {
        ctx.status = 404; // deliberately handled: this app's "not found" is an exception
      }
    });
    app.use(() => {
      throw new Error("no such order");
    });
    const server = createServer(app.callback());
    const url = await listen(server);
    try {
      const reply = await send(url, "/orders/none");
      expect(reply.status).toBe(404);
      const { end } = await logs.flow(reply.flowId!);
      expect(end).toMatchObject({ flow_status: "success", http_status: 404 });
    } finally {
      await close(server);
    }
  });
});

describe("express", () => {
  it("routes and error middleware registered before instrument() are covered", async () => {
    const app = express();
    const seen: unknown[] = [];
    app.get("/early", async (_req, res) => {
      await loadOrder("early");
      res.json({ flowId: currentFlowId() });
    });
    app.get("/early-boom", async () => {
      await chargeCard();
    });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(err);
      res.status(502).send("upstream");
    });
    instrument(app);
    const server = createServer(app);
    const url = await listen(server);
    try {
      const ok = await send(url, "/early");
      expect(ok.body.flowId).toBe(ok.flowId);
      expect(fns((await logs.flow(ok.flowId!)).end)).toEqual(["loadOrder"]);
      const bad = await send(url, "/early-boom");
      expect(bad.status).toBe(502);
      const { end } = await logs.flow(bad.flowId!);
      expect(end).toMatchObject({ flow_status: "failed", failed_at: "chargeCard", http_status: 502 });
      expect(seen).toEqual([thrown.at(-1)]);
    } finally {
      await close(server);
    }
  });

  it("error middleware keeps its arity and name, so Express still treats it as one", () => {
    const app = express();
    instrument(app);
    function myErrors(_e: unknown, _q: unknown, _s: unknown, _n: unknown): void {}
    app.use(myErrors);
    const stack = (app as unknown as { router: { stack: Array<{ handle: { length: number; name: string } }> } }).router.stack;
    const last = stack.at(-1)!.handle;
    expect(last.length).toBe(4);
    expect(last.name).toBe("myErrors");
  });
});

describe("hono", () => {
  it("onError set after instrument() is observed, and app.request() goes through the flow", async () => {
    const app = new Hono();
    instrument(app);
    const seen: unknown[] = [];
    app.get("/pay", async () => chargeCard());
    app.onError((err, c) => {
      seen.push(err);
      return c.text("declined", 402);
    });
    const res = await app.request("/pay", { headers: { "X-Request-ID": "in-process" } });
    expect(res.status).toBe(402);
    const id = res.headers.get("x-flow-id")!;
    expect(id).toMatch(new RegExp(`^in-process-${HEX}$`));
    const { end } = await logs.flow(id);
    // Answered with a 4xx: the request succeeded as a request; the step that threw did not.
    expect(end).toMatchObject({ flow_status: "success", function: "GET /pay", route: "/pay", http_status: 402 });
    expect(end.flow_error).toBeUndefined();
    expect(fns(end)).toEqual(["chargeCard"]);
    expect(end.timeline[0].status).toBe("failed");
    expect(seen).toEqual([thrown.at(-1)]);
  });
});

describe("node:http", () => {
  it("a server started inside a flow still gives each request a flow of its own", async () => {
    // Requests run in the async context of listen(): here, a long-running startup flow.
    const server = instrument(createServer((_req, res) => res.end(String(currentFlowId()))));
    const ids = await flow("startup", async () => {
      const url = await listen(server);
      const replies = [await send(url, "/one"), await send(url, "/two")];
      return replies.map((r) => [r.flowId, r.body]);
    });
    await close(server);
    expect(ids[0]![0]).toMatch(new RegExp(`^get-one-${HEX}$`));
    expect(ids[1]![0]).toMatch(new RegExp(`^get-two-${HEX}$`));
    for (const [header, body] of ids) expect(body).toBe(header);
  });

  it("listeners added after instrument() are wrapped; two listeners share one flow; originals stay removable", async () => {
    const server = instrument(createServer());
    const first = (_req: IncomingMessage, _res: ServerResponse): void => {
      void loadOrder("first");
    };
    const second = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
      await sleep(5);
      await priceOrder("second");
      res.end(String(currentFlowId()));
    };
    server.on("request", first);
    server.on("request", second);
    expect(server.listeners("request")).toEqual([first, second]);
    const url = await listen(server);
    try {
      const reply = await send(url, "/two");
      expect(reply.body).toBe(reply.flowId);
      const { starts, end } = await logs.flow(reply.flowId!);
      expect(starts).toHaveLength(1);
      expect(fns(end)).toEqual(["loadOrder", "priceOrder"]);
      server.removeListener("request", first);
      expect(server.listeners("request")).toEqual([second]);
    } finally {
      await close(server);
    }
  });

  it("a listener that rejects: the flow ends failed at once, the rejection is the same error", async () => {
    const failure = new RangeError("listener broke");
    const wrapped = wrapListener(async (_req: IncomingMessage, _res: ServerResponse) => {
      await loadOrder("rejecting");
      throw failure;
    });
    let outcome: unknown;
    // The wrapped listener is called by hand with a real request so that its rejection is
    // awaited here instead of crashing the test process as an unhandled rejection.
    const server = createServer((req, res) => {
      void (async () => {
        try {
          await wrapped(req, res);
        } catch (err) {
          outcome = err;
        }
        res.end("answered afterwards");
      })();
    });
    const url = await listen(server);
    try {
      const reply = await send(url, "/reject");
      expect(outcome).toBe(failure);
      const { ends, end } = await logs.flow(reply.flowId!);
      expect(ends).toHaveLength(1);
      expect(end).toMatchObject({ flow_status: "failed", flow_error: "RangeError: listener broke", http_status: 500 });
    } finally {
      await close(server);
    }
  });

  it("a client that leaves after the status line was sent: aborted, with the status that was sent", async () => {
    const server = createServer(
      wrapListener(async (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("partial ");
        await sleep(300);
        res.end("rest");
      }),
    );
    const url = await listen(server);
    try {
      const label = `stream-${Date.now()}`;
      const started = logs.waitFlows((f) => f.some((r) => String(r.flow_id).startsWith(label)), "flow_start");
      await abandon(url, "/stream", { "x-request-id": label }, started.then(() => sleep(50))).catch((err: Error) => {
        // The response's head arrives before the client leaves; that is the point here.
        if (!/answered before/.test(err.message)) throw err;
      });
      const flows = await logs.waitFlows(
        (f) => f.some((r) => String(r.flow_id).startsWith(label) && r.flow_type === "flow_end"),
        "flow_end",
      );
      const end = flows.find((r) => String(r.flow_id).startsWith(label) && r.flow_type === "flow_end")!;
      expect(end).toMatchObject({ aborted: true, http_status: 200, flow_status: "failed" });
    } finally {
      await close(server);
    }
  });
});
