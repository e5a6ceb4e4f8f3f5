/**
 * Express (4 and 5), by structure: an app is a function with `use`, `handle` and `set`.
 *
 * The request middleware goes first in the app's stack, so every route runs in the flow.
 * Express hands a failing handler's error to error middleware (`(err, req, res, next)`),
 * which a middleware placed first never sees; so the app's error middleware, present and
 * future, is wrapped to tell the flow which error it is handling, then called unchanged.
 */
import { connectMiddleware, type ConnectMiddleware } from "./connect";
import type { ResolvedHttpOptions } from "./options";
import { requestFlowOf } from "./request-flow";

type Handler = (...args: any[]) => unknown;

interface ExpressLayerLike {
  handle: Handler;
}

interface ExpressRouterLike {
  stack: ExpressLayerLike[];
}

export interface ExpressAppLike {
  (req: any, res: any, next?: any): unknown;
  use: (...args: any[]) => unknown;
  handle: Handler;
  set: Handler;
}

export function isExpressApp(app: unknown): app is ExpressAppLike {
  if (typeof app !== "function") return false;
  const a = app as { use?: unknown; handle?: unknown; set?: unknown };
  return typeof a.use === "function" && typeof a.handle === "function" && typeof a.set === "function";
}

const WRAPPED = Symbol.for("logcrest.http.errorHandler");

/** `(err, req, res, next)` that first tells the request's flow about `err`. Keeps arity 4. */
function observeErrors(fn: Handler): Handler {
  if ((fn as { [WRAPPED]?: true })[WRAPPED]) return fn;
  const wrapped = function (this: unknown, err: unknown, req: object, res: unknown, next: unknown): unknown {
    requestFlowOf(req)?.noteError(err);
    return fn.call(this, err, req, res, next);
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  return wrapped;
}

/** Error middleware is told apart by arity 4, as Express itself does. */
function wrapArgs(args: unknown[]): unknown[] {
  return args.map((a) => (Array.isArray(a) ? wrapArgs(a) : typeof a === "function" && a.length === 4 ? observeErrors(a as Handler) : a));
}

/** Express 4 keeps its router in `_router` (and `app.router` throws); Express 5 in `router`. */
function routerOf(app: ExpressAppLike): ExpressRouterLike | undefined {
  const a = app as unknown as { _router?: ExpressRouterLike; router?: ExpressRouterLike };
  const router = a._router ?? a.router;
  return router !== undefined && Array.isArray(router.stack) ? router : undefined;
}

export function instrumentExpress(app: ExpressAppLike, options: ResolvedHttpOptions): void {
  const mw: ConnectMiddleware = connectMiddleware(options);
  app.use(mw);
  const router = routerOf(app);
  if (router !== undefined) {
    const stack = router.stack;
    const at = stack.findIndex((layer) => layer.handle === mw);
    // Routes registered before instrument() would otherwise run outside the flow.
    if (at > 0) stack.unshift(...stack.splice(at, 1));
    for (const layer of stack) if (layer.handle.length === 4) layer.handle = observeErrors(layer.handle);
  }
  const use = app.use;
  app.use = function useObservingErrors(this: unknown, ...args: unknown[]): unknown {
    return use.apply(this, wrapArgs(args));
  };
}
