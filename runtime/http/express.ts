/**
 * Express (4 and 5), by structure: an app is a function with `use`, `handle` and `set`.
 *
 * The request middleware goes first in the app's stack, so every route runs in the flow.
 * Express hands a failing handler's error to error middleware (`(err, req, res, next)`),
 * which a middleware placed first never sees; so the app's error middleware, present and
 * future, is wrapped to tell the flow which error it is handling, then called unchanged.
 * An error no middleware handles leaves the router through the callback of
 * `router.handle(req, res, done)` on its way to Express's final handler; that callback is
 * wrapped too, so the flow sees the error itself with or without error middleware.
 */
import { connectMiddleware, type ConnectMiddleware } from "./connect";
import { isExpressApp, observeRouter, type ExpressAppLike, type ExpressRouterLike } from "./express-routes";
import type { ResolvedHttpOptions } from "./options";
import { requestFlowOf } from "./request-flow";

export { isExpressApp, type ExpressAppLike };

type Handler = (...args: any[]) => unknown;

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

type RouterWithHandle = ExpressRouterLike & { handle: Handler };

/** Express 4 keeps its router in `_router` (and `app.router` throws); Express 5 in `router`. */
function routerOf(app: ExpressAppLike): RouterWithHandle | undefined {
  const a = app as unknown as { _router?: RouterWithHandle; router?: RouterWithHandle };
  const router = a._router ?? a.router;
  return router !== undefined && Array.isArray(router.stack) && typeof router.handle === "function" ? router : undefined;
}

const OBSERVED = Symbol.for("logcrest.http.expressApp");

/**
 * What the flow learns from an app's router: errors at error middleware and at the final
 * handler, and mount templates. For `instrument()` before the first request; for the
 * explicit `middleware()` on the first request that reaches it.
 */
export function observeExpressApp(app: ExpressAppLike): void {
  const router = routerOf(app);
  if (router === undefined) return;
  observeRouter(router);
  const marked = router as { [OBSERVED]?: true };
  if (marked[OBSERVED]) return;
  Object.defineProperty(router, OBSERVED, { value: true });
  for (const layer of router.stack) if (layer.handle.length === 4) layer.handle = observeErrors(layer.handle);
  const handle = router.handle;
  router.handle = function handleObservingErrors(this: unknown, req: object, res: unknown, done: Handler): unknown {
    // The flow itself opens inside (the request middleware is the router's first layer).
    if (typeof done !== "function") return handle.call(this, req, res, done);
    return handle.call(this, req, res, function leaveRouter(this: unknown, err?: unknown, ...rest: unknown[]) {
      // 'route' and 'router' are routing signals, not errors.
      if (err !== undefined && err !== null && err !== "route" && err !== "router") requestFlowOf(req)?.noteError(err);
      return done.call(this, err, ...rest);
    });
  };
}

export function instrumentExpress(app: ExpressAppLike, options: ResolvedHttpOptions): void {
  const mw: ConnectMiddleware = connectMiddleware(options, true);
  app.use(mw);
  const router = routerOf(app);
  if (router !== undefined) {
    const stack = router.stack;
    const at = stack.findIndex((layer) => layer.handle === mw);
    // Routes registered before instrument() would otherwise run outside the flow.
    if (at > 0) stack.unshift(...stack.splice(at, 1));
  }
  observeExpressApp(app);
  const use = app.use;
  app.use = function useObservingErrors(this: unknown, ...args: unknown[]): unknown {
    const result = use.apply(this, wrapArgs(args));
    const r = routerOf(app);
    if (r !== undefined) observeRouter(r);
    // A mounted sub-app: its own router's errors and mounts (`app.use("/admin", adminApp)`).
    for (const a of args) if (a !== app && isExpressApp(a)) observeExpressApp(a);
    return result;
  };
}
