/**
 * Hono (and other apps that are a `fetch` function plus an error handler), by structure:
 * `fetch` and `route`.
 *
 * `fetch` is wrapped, so each request is a flow whichever server runs the app (Node via
 * @hono/node-server, Bun, Deno, `app.request()` in tests). Hono turns a thrown error into
 * a response inside `fetch`, through `app.errorHandler`; that handler is wrapped (also one
 * set later with `app.onError`) to tell the flow which error it is handling. The route
 * template is read from the router's match result (`routePath`, base paths included).
 */
import { wrapResolvedFetch, type FetchHandler } from "./fetch";
import type { ResolvedHttpOptions } from "./options";
import { requestFlowOf, type RequestFlow } from "./request-flow";
import { UNMATCHED } from "./route-name";

type ErrorHandler = (err: unknown, c: { req?: { raw?: object } }) => unknown;

/** A Hono router's match: `[[[handler, {method, path}], params][], ...]`, the same for every router. */
type MatchResult = [Array<[[unknown, { method?: unknown; path?: unknown }?], unknown]>, ...unknown[]];

interface HonoRouterLike {
  match(method: string, path: string): MatchResult;
}

export interface HonoLike {
  fetch: FetchHandler<any, any, any[]>;
  route: (...args: any[]) => unknown;
  errorHandler?: ErrorHandler;
  router?: HonoRouterLike;
}

/**
 * The request whose `fetch` is running right now. Hono matches a request synchronously at
 * the start of `fetch`, before anything can interleave, so the router's `match` can tell
 * which request a result belongs to.
 */
let routing: RequestFlow | undefined;

/**
 * The route that answers: the first matched entry registered for a method (`app.get`),
 * else the first that is not a wildcard (`app.all("/x")`); `app.use` middleware alone is
 * no route.
 */
function routeOf(result: MatchResult): string | undefined {
  const entries = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : [];
  let fallback: string | undefined;
  for (const entry of entries) {
    const route = Array.isArray(entry) && Array.isArray(entry[0]) ? entry[0][1] : undefined;
    if (route === undefined || typeof route.path !== "string") continue;
    if (route.method !== "ALL") return route.path;
    if (fallback === undefined && !route.path.endsWith("*")) fallback = route.path;
  }
  return fallback;
}

const unmatchedOn404 = (_request: object, status: number): string | undefined => (status === 404 ? UNMATCHED : undefined);

/** Wraps the router's `match`, also the bound one a SmartRouter installs on its first match. */
function observeRouting(router: HonoRouterLike): void {
  let match = router.match;
  const observed = function (this: unknown, method: string, path: string): MatchResult {
    const result = match.call(this, method, path);
    const flow = routing;
    routing = undefined;
    if (flow !== undefined) {
      const route = routeOf(result);
      if (route !== undefined) flow.template = route;
      else flow.resolver = unmatchedOn404;
    }
    return result;
  };
  Object.defineProperty(router, "match", {
    configurable: true,
    get: () => observed,
    set: (fn: HonoRouterLike["match"]) => {
      match = fn;
    },
  });
}

export function isHono(app: unknown): app is HonoLike {
  const a = app as Partial<HonoLike> | null;
  return a !== null && typeof a === "object" && typeof a.fetch === "function" && typeof a.route === "function";
}

export function instrumentHono(app: HonoLike, options: ResolvedHttpOptions): void {
  const fetch = app.fetch;
  const router = app.router;
  const knowsRoutes = router !== null && typeof router === "object" && typeof router.match === "function";
  if (knowsRoutes) observeRouting(router);
  app.fetch = wrapResolvedFetch((request, ...rest) => {
    if (!knowsRoutes) return fetch.call(app, request, ...rest);
    routing = requestFlowOf(request);
    try {
      return fetch.call(app, request, ...rest);
    } finally {
      routing = undefined;
    }
  }, options);
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
