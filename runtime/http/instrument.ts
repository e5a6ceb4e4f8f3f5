/**
 * `instrument(app)`: recognises the app by its shape and installs the matching integration.
 * The checks go from the most specific shape to the least (a Fastify instance and an
 * Express app also have `listen`, so the plain server comes last).
 */
import { instrumentExpress, isExpressApp } from "./express";
import { instrumentFastify, isFastify } from "./fastify";
import { instrumentHono, isHono } from "./hono";
import { instrumentKoa, isKoaApp } from "./koa";
import { instrumentNodeServer, isNodeServer } from "./node-server";
import { resolveOptions, type HttpOptions } from "./options";

const INSTRUMENTED = Symbol.for("logcrest.http.instrumented");

/** Which integration `instrument()` chose, for messages and tests. */
export type AppKind = "express" | "fastify" | "koa" | "hono" | "node-http";

export function detectApp(app: unknown): AppKind | undefined {
  if (isFastify(app)) return "fastify";
  if (isKoaApp(app)) return "koa";
  if (isExpressApp(app)) return "express";
  if (isHono(app)) return "hono";
  if (isNodeServer(app)) return "node-http";
  return undefined;
}

/**
 * Makes every request of `app` a flow: an Express or Koa app, a Fastify instance, a Hono
 * app, or a Node `http.Server`. Call it before the server starts (and for Koa and Hono,
 * before `callback()` / `serve()` read the app). Instrumenting an app twice does nothing
 * the second time. Returns `app`.
 */
export function instrument<App extends object>(app: App, options?: HttpOptions): App {
  const resolved = resolveOptions(options);
  const kind = detectApp(app);
  if (kind === undefined) {
    throw new TypeError(
      "logcrest/http: instrument() recognises Express, Koa, Fastify, Hono and node:http servers; " +
        "for anything else use middleware(), wrapListener() or wrapFetch()",
    );
  }
  const marked = app as { [INSTRUMENTED]?: true };
  if (marked[INSTRUMENTED]) return app;
  Object.defineProperty(app, INSTRUMENTED, { value: true });
  switch (kind) {
    case "fastify":
      instrumentFastify(app as never, resolved);
      break;
    case "koa":
      instrumentKoa(app as never, resolved);
      break;
    case "express":
      instrumentExpress(app as never, resolved);
      break;
    case "hono":
      instrumentHono(app as never, resolved);
      break;
    case "node-http":
      instrumentNodeServer(app as never, resolved);
      break;
  }
  return app;
}
