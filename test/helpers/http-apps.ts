/**
 * The same small order API built on each framework, for the shared behaviour suite
 * (test/http-behaviour.test.ts). Every app has the same routes and its framework's own
 * error handling, which records the error objects it sees in `seenErrors`.
 *
 *   GET  /orders/:id  two tagged steps with awaits in between
 *   POST /orders      a JSON body parsed by the framework (or by 'data'/'end' events)
 *   GET  /steps       two tagged steps in sequence, then two concurrent ones
 *   GET  /boom        a tagged step throws
 *   GET  /crash       the handler itself throws
 *   GET  /fail500     a 500 response without any throw
 *   GET  /slow        a long step, for client aborts
 *   GET  /nested      calls a `@flow`-tagged function
 *   GET  /healthz     skipped
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Router from "@koa/router";
import Koa from "koa";
import { instrument, middleware, wrapFetch, wrapListener, type HttpOptions } from "../../runtime/http/index";
import { currentFlowId } from "../../runtime/context";
import {
  chargeCard,
  checkStock,
  crash,
  loadOrder,
  makeCheckoutFlow,
  parseBody,
  priceOrder,
  reserveStock,
  sleep,
  slowStep,
} from "./http-steps";

export const SLOW_MS = 400;

/** What each route does, independent of the framework serving it. */
function makeService() {
  const checkoutFlow = makeCheckoutFlow();
  return {
    async order(id: string) {
      const seen = await loadOrder(id);
      await sleep(1);
      await priceOrder(id);
      return seen;
    },
    async posted(body: unknown) {
      return loadOrder(parseBody(body));
    },
    async steps() {
      await loadOrder("steps");
      await priceOrder("steps");
      await Promise.all([checkStock(), reserveStock()]);
      return { flowId: currentFlowId() };
    },
    async boom(): Promise<never> {
      await loadOrder("boom");
      return chargeCard();
    },
    async crash(): Promise<never> {
      await sleep(1);
      return crash();
    },
    async slow() {
      await loadOrder("slow");
      await slowStep(SLOW_MS);
      return { done: true };
    },
    nested: () => checkoutFlow("nested"),
  };
}

export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Errors the framework's own error handling received, in order. */
  readonly seenErrors: unknown[];
  close(): Promise<void>;
}

export interface AppCase {
  readonly name: string;
  /**
   * Whether the integration sees the handler's own error (flow_error names it), or only
   * the 5xx the app answered with (flow_error is "HTTPError: 500 ...").
   */
  readonly seesHandlerErrors: boolean;
  /**
   * Whether the integration names flows by route template (`GET /orders/:id`, and
   * `GET <unmatched>` for the router's 404), or by the raw path (no router).
   */
  readonly templates: boolean;
  start(options: HttpOptions): Promise<RunningApp>;
}

export const APP_OPTIONS: HttpOptions = { skip: ["/healthz"] };

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------- Express 5

function expressApp(seenErrors: unknown[], setup: (app: express.Express) => void): express.Express {
  const service = makeService();
  const app = express();
  setup(app);
  app.use(express.json());
  app.get("/orders/:id", async (req, res) => void res.json(await service.order(req.params.id)));
  app.post("/orders", async (req, res) => void res.json(await service.posted(req.body)));
  app.get("/steps", async (_req, res) => void res.json(await service.steps()));
  app.get("/boom", async () => service.boom());
  app.get("/crash", async () => service.crash());
  app.get("/fail500", (_req, res) => void res.status(500).send("unavailable"));
  app.get("/slow", async (_req, res) => void res.json(await service.slow()));
  app.get("/nested", async (_req, res) => void res.json(await service.nested()));
  app.get("/healthz", (_req, res) => void res.send("ok"));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seenErrors.push(err);
    res.status(500).json({ error: errorMessage(err) });
  });
  return app;
}

async function startExpress(setup: (app: express.Express) => void): Promise<RunningApp> {
  const seenErrors: unknown[] = [];
  const server = createServer(expressApp(seenErrors, setup));
  return { url: await listen(server), seenErrors, close: () => closeServer(server) };
}

// ---------------------------------------------------------------- Fastify 5

async function startFastify(options: HttpOptions): Promise<RunningApp> {
  const service = makeService();
  const seenErrors: unknown[] = [];
  const app = Fastify();
  instrument(app, options);
  app.get<{ Params: { id: string } }>("/orders/:id", async (req) => service.order(req.params.id));
  app.post("/orders", async (req) => service.posted(req.body));
  app.get("/steps", async () => service.steps());
  app.get("/boom", async () => service.boom());
  app.get("/crash", async () => service.crash());
  app.get("/fail500", async (_req, reply) => reply.code(500).send("unavailable"));
  app.get("/slow", async () => service.slow());
  app.get("/nested", async () => service.nested());
  app.get("/healthz", async () => "ok");
  app.setErrorHandler((err, _req, reply) => {
    seenErrors.push(err);
    void reply.code(500).send({ error: errorMessage(err) });
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    seenErrors,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

// ---------------------------------------------------------------- Koa 3

/** Reads a body the callback way ('end' listener), as body parsers do. */
function readJson(req: IncomingMessage, then: (body: unknown) => unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("error", reject);
    req.on("end", () => {
      try {
        resolve(then(JSON.parse(text)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

async function startKoa(options: HttpOptions): Promise<RunningApp> {
  const service = makeService();
  const seenErrors: unknown[] = [];
  const app = new Koa();
  instrument(app, options);
  // Koa's own error handling answers 500; its 'error' event is where apps watch errors.
  app.on("error", (err: unknown) => void seenErrors.push(err));
  const router = new Router();
  router.get("/orders/:id", async (ctx) => void (ctx.body = await service.order(ctx.params.id!)));
  router.post("/orders", async (ctx) => {
    // parseBody runs inside the 'end' listener, so this checks that events keep the flow.
    ctx.body = await readJson(ctx.req, (body) => parseBody(body)).then((text) => loadOrder(String(text)));
  });
  router.get("/steps", async (ctx) => void (ctx.body = await service.steps()));
  router.get("/boom", async () => void (await service.boom()));
  router.get("/crash", async () => void (await service.crash()));
  router.get("/fail500", (ctx) => {
    ctx.status = 500;
    ctx.body = "unavailable";
  });
  router.get("/slow", async (ctx) => void (ctx.body = await service.slow()));
  router.get("/nested", async (ctx) => void (ctx.body = await service.nested()));
  router.get("/healthz", (ctx) => void (ctx.body = "ok"));
  app.use(router.routes());
  const server = createServer(app.callback());
  return { url: await listen(server), seenErrors, close: () => closeServer(server) };
}

// ---------------------------------------------------------------- Hono 4

function honoApp(seenErrors: unknown[]): Hono {
  const service = makeService();
  const app = new Hono();
  app.get("/orders/:id", async (c) => c.json(await service.order(c.req.param("id"))));
  app.post("/orders", async (c) => c.json(await service.posted(await c.req.json())));
  app.get("/steps", async (c) => c.json(await service.steps()));
  app.get("/boom", async () => service.boom());
  app.get("/crash", async () => service.crash());
  app.get("/fail500", (c) => c.text("unavailable", 500));
  app.get("/slow", async (c) => c.json(await service.slow()));
  app.get("/nested", async (c) => c.json(await service.nested()));
  app.get("/healthz", (c) => c.text("ok"));
  app.onError((err, c) => {
    seenErrors.push(err);
    return c.json({ error: errorMessage(err) }, 500);
  });
  return app;
}

function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, server: server as Server }),
    ) as Server;
  });
}

async function startHono(wrap: (app: Hono) => (request: Request) => Response | Promise<Response>): Promise<RunningApp> {
  const seenErrors: unknown[] = [];
  const { url, server } = await serveFetch(wrap(honoApp(seenErrors)));
  return { url, seenErrors, close: () => closeServer(server) };
}

// ---------------------------------------------------------------- node:http

function plainListener(seenErrors: unknown[]): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const service = makeService();
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  return async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    try {
      const order = /^\/orders\/([^/]+)$/.exec(path);
      if (req.method === "GET" && order) json(res, 200, await service.order(order[1]!));
      else if (req.method === "POST" && path === "/orders") {
        json(res, 200, await readJson(req, (body) => parseBody(body)).then((text) => loadOrder(String(text))));
      } else if (path === "/steps") json(res, 200, await service.steps());
      else if (path === "/boom") await service.boom();
      else if (path === "/crash") await service.crash();
      else if (path === "/fail500") res.writeHead(500).end("unavailable");
      else if (path === "/slow") json(res, 200, await service.slow());
      else if (path === "/nested") json(res, 200, await service.nested());
      else if (path === "/healthz") res.writeHead(200).end("ok");
      else res.writeHead(404).end("not found");
    } catch (err) {
      // The app's own error handling: a plain listener must answer its errors itself.
      seenErrors.push(err);
      json(res, 500, { error: errorMessage(err) });
    }
  };
}

async function startPlain(build: (listener: ReturnType<typeof plainListener>) => Server): Promise<RunningApp> {
  const seenErrors: unknown[] = [];
  const server = build(plainListener(seenErrors));
  return { url: await listen(server), seenErrors, close: () => closeServer(server) };
}

// ---------------------------------------------------------------- the table

export const APP_CASES: readonly AppCase[] = [
  {
    name: "express instrument()",
    seesHandlerErrors: true,
    templates: true,
    start: (o) => startExpress((app) => void instrument(app, o)),
  },
  {
    name: "express middleware()",
    // The explicit middleware finds its app (req.app) on the first request and from then
    // on sees errors as instrument() does; the suite's first request is not a failing one.
    seesHandlerErrors: true,
    templates: true,
    start: (o) => startExpress((app) => void app.use(middleware(o))),
  },
  { name: "fastify instrument()", seesHandlerErrors: true, templates: true, start: startFastify },
  { name: "koa instrument() + @koa/router", seesHandlerErrors: true, templates: true, start: startKoa },
  {
    name: "hono instrument() + @hono/node-server",
    seesHandlerErrors: true,
    templates: true,
    start: (o) => startHono((app) => instrument(app, o).fetch),
  },
  {
    name: "hono wrapFetch() + @hono/node-server",
    // onError turns the throw into a Response inside app.fetch, out of wrapFetch's sight,
    // and the routes are Hono's own: a wrapped fetch function is all wrapFetch knows.
    seesHandlerErrors: false,
    templates: false,
    start: (o) => startHono((app) => wrapFetch(app.fetch, o)),
  },
  {
    name: "node:http instrument(server)",
    seesHandlerErrors: false,
    templates: false,
    start: (o) => startPlain((listener) => instrument(createServer(listener), o)),
  },
  {
    name: "node:http wrapListener()",
    seesHandlerErrors: false,
    templates: false,
    start: (o) => startPlain((listener) => createServer(wrapListener(listener, o))),
  },
];
