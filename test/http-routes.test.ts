/**
 * Route templates (SPEC §7) and the status policy, against real servers on 127.0.0.1:
 * nested Express routers (also through middleware()), Fastify prefixes, nested @koa/router,
 * Hono sub-apps, the router's 404 as `<unmatched>`, the `route` option where there is no
 * router, Express errors with and without error middleware, 4xx answers to thrown errors,
 * and `failOn`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Router from "@koa/router";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFlowFiles, readFlows } from "../cli/read-flows";
import { flush } from "../runtime/lifecycle";
import { instrument, middleware, wrapFetch, wrapListener } from "../runtime/http/index";
import { send } from "./helpers/http-client";
import { close, listen } from "./helpers/http-server";
import { useLogDir, type LogDir, type Obj } from "./helpers/http-records";
import { chargeCard, loadOrder, thrown } from "./helpers/http-steps";

let logs: LogDir;
beforeAll(() => {
  logs = useLogDir();
});
afterAll(async () => {
  await logs.remove();
});


/** Sends the request and returns its flow_start and flow_end. */
async function flowOf(url: string, path: string, init?: RequestInit): Promise<{ status: number; start: Obj; end: Obj }> {
  const reply = await send(url, path, init);
  expect(reply.flowId).not.toBeNull();
  const { starts, ends, end } = await logs.flow(reply.flowId!);
  expect([starts.length, ends.length]).toEqual([1, 1]);
  return { status: reply.status, start: starts[0]!, end };
}

const named = (end: Obj): [string, string, string] => [end.function, end.route, end.path];
const stepsOf = (end: Obj): Array<[string, string]> => (end.timeline as Obj[]).map((s) => [s.fn, s.status]);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Routes with nested, parametrised routers, and no error middleware at all. */
function expressShop(app: express.Express): void {
  const posts = express.Router({ mergeParams: true });
  posts.get("/:postId", (req, res) => void res.json({ post: req.params }));
  const users = express.Router();
  users.use("/:userId/posts", posts);
  users.get("/:userId", (_req, res) => void res.send("user"));
  users.get("/:userId/fail", () => {
    throw new HttpError(500, "user broke");
  });
  app.use(express.json());
  app.use("/users", users);
  app.get("/orders/:id", async (_req, res) => {
    await loadOrder("o");
    res.send("order");
  });
  app.get("/throws", () => {
    throw new HttpError(503, "maintenance");
  });
  app.get("/rejects", async () => {
    await chargeCard();
  });
  app.get("/next-err", (_req, _res, next) => next(new HttpError(404, "no such thing")));
  app.post("/json", (req, res) => void res.json(req.body));
}

describe.each([
  ["instrument()", (app: express.Express): void => void instrument(app)],
  ["middleware()", (app: express.Express): void => void app.use(middleware())],
] as const)("express %s", (_name, install) => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.set("env", "test"); // Express's final handler prints errors outside "test"
    install(app);
    expressShop(app);
    server = createServer(app);
    url = await listen(server);
    // middleware() meets its app on the first request.
    await send(url, "/users/0");
  });
  afterAll(async () => {
    await close(server);
  });

  it("names the flow by the route template, through nested routers with parameters", async () => {
    const { start, end } = await flowOf(url, "/users/7/posts/99?x=1");
    expect(start.function).toBe("GET /users/7/posts/99");
    expect(named(end)).toEqual(["GET /users/:userId/posts/:postId", "/users/:userId/posts/:postId", "/users/7/posts/99"]);
    expect(end.message).toContain("[Flow End] 'GET /users/:userId/posts/:postId'");
    expect(named((await flowOf(url, "/users/8")).end)[0]).toBe("GET /users/:userId");
    expect(named((await flowOf(url, "/orders/5")).end)[0]).toBe("GET /orders/:id");
    // `view` and `report` group flows by the name they read: the template, not the path.
    const other = (await flowOf(url, "/users/1/posts/2")).end;
    await flush();
    const byId = new Map<string, string>();
    await readFlows(listFlowFiles(logs.dir).files ?? [], (f) => void byId.set(f.id, f.name));
    expect([byId.get(end.flow_id), byId.get(other.flow_id)]).toEqual(["GET /users/:userId/posts/:postId", "GET /users/:userId/posts/:postId"]);
  });

  it("the router's 404 is GET <unmatched>", async () => {
    const { status, end } = await flowOf(url, "/wp-admin/setup.php");
    expect(status).toBe(404);
    expect(named(end)).toEqual(["GET <unmatched>", "<unmatched>", "/wp-admin/setup.php"]);
    expect(end.flow_status).toBe("success");
  });

  it("without error middleware a thrown error reaches the flow as itself, and Express answers it as before", async () => {
    const { status, end } = await flowOf(url, "/throws");
    // Express's final handler uses err.status: the error reached it unchanged.
    expect(status).toBe(503);
    expect(end).toMatchObject({
      function: "GET /throws",
      flow_status: "failed",
      failed_at: "GET /throws",
      step: "0/0",
      flow_error: "HttpError: maintenance",
      http_status: 503,
    });
    // From a nested router: named by its route although the error has left the routers.
    const nested = await flowOf(url, "/users/4/fail");
    expect(nested.end).toMatchObject({ function: "GET /users/:userId/fail", failed_at: "GET /users/:userId/fail", flow_error: "HttpError: user broke" });
  });

  it("a rejected step: failed at the step, with its own error", async () => {
    const { status, end } = await flowOf(url, "/rejects");
    expect(status).toBe(500);
    expect(end).toMatchObject({ flow_status: "failed", failed_at: "chargeCard", step: "1/1", flow_error: "Error: card declined" });
  });

  it("an error passed to next() that Express answers with a 404 ends the flow success, with http_status 404", async () => {
    const { status, end } = await flowOf(url, "/next-err");
    expect(status).toBe(404);
    expect(end).toMatchObject({ function: "GET /next-err", flow_status: "success", http_status: 404, level: "INFO" });
    expect(end.flow_error).toBeUndefined();
  });

  it("a body the JSON parser refuses (400) is no failure", async () => {
    const { status, end } = await flowOf(url, "/json", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(status).toBe(400);
    expect(end).toMatchObject({ flow_status: "success", http_status: 400 });
  });
});

describe("express", () => {
  it("error middleware that turns a failed step into a 4xx: success, the step stays failed; the handler gets the error", async () => {
    const app = express();
    instrument(app);
    const seen: unknown[] = [];
    app.get("/pay/:card", async () => {
      await loadOrder("pay");
      await chargeCard();
    });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(err);
      res.status(402).send("declined");
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const { status, end } = await flowOf(url, "/pay/visa");
      expect(status).toBe(402);
      expect(end).toMatchObject({ function: "GET /pay/:card", flow_status: "success", http_status: 402 });
      expect(stepsOf(end)).toEqual([
        ["loadOrder", "ok"],
        ["chargeCard", "failed"],
      ]);
      expect(seen).toEqual([thrown.at(-1)]);
    } finally {
      await close(server);
    }
  });

  it("a sub-app mounted after instrument(): its templates, and its errors without error middleware", async () => {
    const app = express();
    instrument(app);
    const admin = express();
    admin.set("env", "test");
    admin.get("/users/:id", (_req, res) => void res.send("admin user"));
    admin.get("/fail", () => {
      throw new HttpError(500, "admin broke");
    });
    app.use("/admin", admin);
    const server = createServer(app);
    const url = await listen(server);
    try {
      expect(named((await flowOf(url, "/admin/users/3")).end)[0]).toBe("GET /admin/users/:id");
      const { status, end } = await flowOf(url, "/admin/fail");
      expect(status).toBe(500);
      expect(end).toMatchObject({ function: "GET /admin/fail", flow_status: "failed", flow_error: "HttpError: admin broke" });
    } finally {
      await close(server);
    }
  });

  it("a router mounted after instrument() is named by its template too", async () => {
    const app = express();
    instrument(app);
    const late = express.Router();
    late.get("/:sku", (_req, res) => void res.send("item"));
    app.use("/shop/:shopId/items", late);
    const server = createServer(app);
    const url = await listen(server);
    try {
      expect(named((await flowOf(url, "/shop/s1/items/i9")).end)).toEqual([
        "GET /shop/:shopId/items/:sku",
        "/shop/:shopId/items/:sku",
        "/shop/s1/items/i9",
      ]);
      // Leaving a router through next() takes its template off again.
      late.get("/x/y", (_req, _res, next) => next());
      app.get("/shop/:shopId/items/x/y", (_req, res) => void res.send("app level"));
      expect((await flowOf(url, "/shop/s2/items/x/y")).end.function).toBe("GET /shop/:shopId/items/x/y");
    } finally {
      await close(server);
    }
  });
});

describe("fastify", () => {
  it("routeOptions.url names the flow, plugin prefixes included; its 404 is <unmatched>; a 4xx error is no failure", async () => {
    const app = Fastify();
    instrument(app);
    await app.register(
      async (api) => {
        api.get("/orders/:id", async () => {
          await loadOrder("f");
          return { ok: true };
        });
        api.get("/missing/:id", async () => {
          await chargeCard().catch(() => undefined);
          throw Object.assign(new Error("no such order"), { statusCode: 404 });
        });
      },
      { prefix: "/api/v1" },
    );
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const ok = await flowOf(url, "/api/v1/orders/42");
      expect(ok.start.function).toBe("GET /api/v1/orders/42");
      expect(named(ok.end)).toEqual(["GET /api/v1/orders/:id", "/api/v1/orders/:id", "/api/v1/orders/42"]);
      const none = await flowOf(url, "/nope");
      expect(none.status).toBe(404);
      expect(named(none.end)).toEqual(["GET <unmatched>", "<unmatched>", "/nope"]);
      const missing = await flowOf(url, "/api/v1/missing/3");
      expect(missing.status).toBe(404);
      expect(missing.end).toMatchObject({ function: "GET /api/v1/missing/:id", flow_status: "success", http_status: 404 });
      expect(stepsOf(missing.end)).toEqual([["chargeCard", "failed"]]);
    } finally {
      app.server.closeAllConnections();
      await app.close();
    }
  });
});

describe("koa", () => {
  it("@koa/router: nested router prefixes make the template; nothing matched is <unmatched>", async () => {
    const app = new Koa();
    instrument(app);
    const items = new Router();
    items.get("/:itemId", (ctx) => void (ctx.body = "item"));
    const shops = new Router({ prefix: "/shops/:shopId" });
    shops.use("/items", items.routes());
    shops.get("/", (ctx) => void (ctx.body = "shop"));
    app.use(shops.routes());
    const server = createServer(app.callback());
    const url = await listen(server);
    try {
      expect(named((await flowOf(url, "/shops/s1/items/i2")).end)).toEqual([
        "GET /shops/:shopId/items/:itemId",
        "/shops/:shopId/items/:itemId",
        "/shops/s1/items/i2",
      ]);
      const none = await flowOf(url, "/robots.txt");
      expect(none.status).toBe(404);
      expect(named(none.end)).toEqual(["GET <unmatched>", "<unmatched>", "/robots.txt"]);
    } finally {
      await close(server);
    }
  });

  it("without a router: the raw path, or what the route option says", async () => {
    const app = new Koa();
    instrument(app, { route: (req) => (req.url?.startsWith("/orders/") ? "/orders/:id" : undefined) });
    app.use((ctx) => void (ctx.body = "hi"));
    const server = createServer(app.callback());
    const url = await listen(server);
    try {
      expect(named((await flowOf(url, "/orders/3")).end)).toEqual(["GET /orders/:id", "/orders/:id", "/orders/3"]);
      // Nothing from the option: the raw path, and a 404 without a router is not <unmatched>.
      expect(named((await flowOf(url, "/other")).end)).toEqual(["GET /other", "/other", "/other"]);
    } finally {
      await close(server);
    }
  });
});

describe("hono", () => {
  it("routePath names the flow, sub-app base paths included; middleware alone is no route; 404 is <unmatched>", async () => {
    const app = new Hono();
    const api = new Hono();
    api.get("/orders/:id", (c) => c.text("order"));
    api.all("/any/:x", (c) => c.text("any"));
    app.use("*", async (_c, next) => {
      await next();
    });
    app.route("/api", api);
    instrument(app);
    const { url, server } = await new Promise<{ url: string; server: Server }>((resolve) => {
      const s = createServer(async (req: IncomingMessage, res: ServerResponse) => {
        // A tiny Node adapter: enough for GET requests without a body.
        const response = await app.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method }));
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
      });
      s.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, server: s }));
    });
    try {
      expect(named((await flowOf(url, "/api/orders/42")).end)).toEqual(["GET /api/orders/:id", "/api/orders/:id", "/api/orders/42"]);
      expect(named((await flowOf(url, "/api/any/1", { method: "DELETE" })).end)[0]).toBe("DELETE /api/any/:x");
      const none = await flowOf(url, "/.env");
      expect(none.status).toBe(404);
      expect(named(none.end)).toEqual(["GET <unmatched>", "<unmatched>", "/.env"]);
    } finally {
      await close(server);
    }
  });

  it("wrapFetch has no router to ask: the route option names it", async () => {
    const handler = wrapFetch(async (request: Request) => new Response(new URL(request.url).pathname), {
      route: (request) => (new URL(request.url ?? "", "http://x").pathname.startsWith("/u/") ? "/u/:id" : undefined),
    });
    const res = await handler(new Request("http://127.0.0.1/u/77"));
    const { end } = await logs.flow(res.headers.get("x-flow-id")!);
    expect(named(end)).toEqual(["GET /u/:id", "/u/:id", "/u/77"]);
  });
});

describe("node:http", () => {
  it("the route option names requests; one that throws or returns nothing keeps the raw path", async () => {
    const server = createServer(
      wrapListener((req: IncomingMessage, res: ServerResponse) => void res.end("ok"), {
        route: (req) => {
          if (req.url === "/boom") throw new Error("route option broke");
          return req.url?.startsWith("/items/") ? "/items/:id" : undefined;
        },
      }),
    );
    const url = await listen(server);
    try {
      expect(named((await flowOf(url, "/items/5")).end)).toEqual(["GET /items/:id", "/items/:id", "/items/5"]);
      expect(named((await flowOf(url, "/boom")).end)).toEqual(["GET /boom", "/boom", "/boom"]);
    } finally {
      await close(server);
    }
  });

  it("failOn overrides the status policy, both ways; a throwing failOn falls back to it", async () => {
    const statuses: Record<string, number> = { "/teapot": 418, "/down": 503, "/odd": 500 };
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      res.statusCode = statuses[req.url ?? ""] ?? 200;
      res.end();
    };
    const strict = createServer(wrapListener(listener, { failOn: (status) => status >= 400 && status !== 503 }));
    const broken = createServer(
      wrapListener(listener, {
        failOn: () => {
          throw new Error("predicate broke");
        },
      }),
    );
    const [strictUrl, brokenUrl] = [await listen(strict), await listen(broken)];
    try {
      const teapot = (await flowOf(strictUrl, "/teapot")).end;
      expect(teapot).toMatchObject({ flow_status: "failed", http_status: 418, flow_error: "HTTPError: 418 I'm a Teapot" });
      expect((await flowOf(strictUrl, "/down")).end).toMatchObject({ flow_status: "success", http_status: 503 });
      expect((await flowOf(brokenUrl, "/odd")).end).toMatchObject({ flow_status: "failed", http_status: 500 });
      expect((await flowOf(brokenUrl, "/teapot")).end).toMatchObject({ flow_status: "success", http_status: 418 });
    } finally {
      await close(strict);
      await close(broken);
    }
  });

  it("failOn sees the error the framework handled", async () => {
    const seen: unknown[] = [];
    const app = express();
    app.set("env", "test");
    instrument(app, {
      failOn: (status, error) => {
        seen.push([status, error]);
        return error instanceof HttpError;
      },
    });
    app.get("/x", () => {
      throw new HttpError(409, "conflict");
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const { status, end } = await flowOf(url, "/x");
      expect(status).toBe(409);
      expect(end).toMatchObject({ flow_status: "failed", http_status: 409, flow_error: "HttpError: conflict" });
      expect(seen).toHaveLength(1);
      expect((seen[0] as unknown[])[0]).toBe(409);
      expect((seen[0] as unknown[])[1]).toBeInstanceOf(HttpError);
    } finally {
      await close(server);
    }
  });
});
