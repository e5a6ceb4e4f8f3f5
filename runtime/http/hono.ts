/**
 * Hono (and other apps that are a `fetch` function plus an error handler), by structure:
 * `fetch` and `route`.
 *
 * `fetch` is wrapped, so each request is a flow whichever server runs the app (Node via
 * @hono/node-server, Bun, Deno, `app.request()` in tests). Hono turns a thrown error into
 * a response inside `fetch`, through `app.errorHandler`; that handler is wrapped (also one
 * set later with `app.onError`) to tell the flow which error it is handling.
 */
import { wrapResolvedFetch, type FetchHandler } from "./fetch";
import type { ResolvedHttpOptions } from "./options";
import { requestFlowOf } from "./request-flow";

type ErrorHandler = (err: unknown, c: { req?: { raw?: object } }) => unknown;

export interface HonoLike {
  fetch: FetchHandler<any, any, any[]>;
  route: (...args: any[]) => unknown;
  errorHandler?: ErrorHandler;
}

export function isHono(app: unknown): app is HonoLike {
  const a = app as Partial<HonoLike> | null;
  return a !== null && typeof a === "object" && typeof a.fetch === "function" && typeof a.route === "function";
}

export function instrumentHono(app: HonoLike, options: ResolvedHttpOptions): void {
  const fetch = app.fetch;
  app.fetch = wrapResolvedFetch((request, ...rest) => fetch.call(app, request, ...rest), options);
  if (typeof app.errorHandler !== "function") return;
  let current: ErrorHandler = app.errorHandler;
  const observing: ErrorHandler = function (this: unknown, err, c) {
    requestFlowOf(c?.req?.raw)?.noteError(err);
    return current.call(this, err, c);
  };
  Object.defineProperty(app, "errorHandler", {
    configurable: true,
    enumerable: true,
    get: () => observing,
    set: (fn: ErrorHandler) => {
      current = fn;
    },
  });
}
