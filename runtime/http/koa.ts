/**
 * Koa (2 and 3), by structure: `use`, `callback`, `context` and the `middleware` array.
 *
 * The flow middleware goes first in the chain, so it is the outermost one: it sees what
 * the downstream chain throws before Koa's own error handling does. Errors that a user's
 * try/catch middleware handles are reported by Koa convention through
 * `ctx.app.emit('error', err, ctx)`, which is observed too. With @koa/router the route
 * template is `ctx._matchedRoute`; without a router, requests keep their raw path.
 */
import type { ResolvedHttpOptions } from "./options";
import { trackNodeRequest } from "./node-request";
import type { NodeRequestLike, NodeResponseLike } from "./node-types";
import { requestFlowOf, type RequestFlow } from "./request-flow";
import { UNMATCHED } from "./route-name";

interface KoaContextLike {
  req: NodeRequestLike;
  res: NodeResponseLike;
  status?: number;
  /** @koa/router: the template of the route that matched (prefixes of nested routers included). */
  _matchedRoute?: unknown;
  app?: { middleware?: unknown };
}

type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => unknown;

export interface KoaAppLike {
  use(fn: KoaMiddleware): unknown;
  callback(): unknown;
  context: object;
  middleware: unknown[];
  emit(event: string | symbol, ...args: any[]): boolean;
}

export function isKoaApp(app: unknown): app is KoaAppLike {
  const a = app as Partial<KoaAppLike> | null;
  return (
    a !== null &&
    typeof a === "object" &&
    typeof a.use === "function" &&
    typeof a.callback === "function" &&
    typeof a.context === "object" &&
    Array.isArray(a.middleware)
  );
}

/** Koa's middleware array length when it was last searched for a router, and the answer. */
const routerSeen = new WeakMap<object, { length: number; found: boolean }>();

/** Whether the app routes with @koa/router (its `routes()` middleware carries `.router`). */
function hasRouter(middleware: unknown): boolean {
  if (!Array.isArray(middleware)) return false;
  const seen = routerSeen.get(middleware);
  if (seen !== undefined && seen.length === middleware.length) return seen.found;
  const found = middleware.some((fn) => typeof fn === "function" && typeof (fn as { router?: unknown }).router === "object");
  routerSeen.set(middleware, { length: middleware.length, found });
  return found;
}

/** After the chain ran, before Koa writes the response: the route it matched, if a router did. */
function noteRoute(flow: RequestFlow, ctx: KoaContextLike, failed: boolean): void {
  const matched = ctx._matchedRoute;
  if (typeof matched === "string") flow.template = matched;
  else if (!failed && ctx.status === 404 && hasRouter(ctx.app?.middleware)) flow.template = UNMATCHED;
}

export function koaMiddleware(options: ResolvedHttpOptions): KoaMiddleware {
  return function logcrestKoa(ctx, next) {
    const flow = trackNodeRequest(ctx.req, ctx.res, options);
    if (flow === undefined) return next();
    return flow.run(() =>
      next().then(
        (value) => {
          noteRoute(flow, ctx, false);
          return value;
        },
        (err: unknown) => {
          noteRoute(flow, ctx, true);
          flow.noteError(err);
          throw err;
        },
      ),
    );
  };
}

export function instrumentKoa(app: KoaAppLike, options: ResolvedHttpOptions): void {
  const mw = koaMiddleware(options);
  app.use(mw);
  const stack = app.middleware;
  const at = stack.indexOf(mw);
  if (at > 0) stack.unshift(...stack.splice(at, 1));
  const emit = app.emit;
  app.emit = function emitObservingErrors(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "error") {
      const ctx = args[1] as Partial<KoaContextLike> | undefined;
      requestFlowOf(ctx?.req)?.noteError(args[0]);
    }
    return emit.call(this, event, ...args);
  };
}
