/**
 * The route template of an Express request (4 and 5): the templates of the routers it was
 * mounted through (`app.use("/users/:userId/posts", posts)`) followed by the matched
 * route's own path (`req.route.path`), e.g. `/users/:userId/posts/:postId`.
 *
 * Express keeps only the *matched text* of mount paths (`req.baseUrl` is `/users/7/posts`),
 * so the mount layers of the app's router tree are wrapped: each records its template on
 * the request while the request is inside it, and takes it off again when the request
 * leaves through `next()`. Layers are found when the app is instrumented and again
 * whenever a router's stack has grown, so routers mounted later are covered too.
 */
import { requestFlowOf } from "./request-flow";
import { UNMATCHED } from "./route-name";

type Handler = (...args: any[]) => unknown;
type Next = (err?: unknown) => unknown;
type Handle = (req: any, res: any, next: Next) => unknown;

export interface ExpressLayerLike {
  handle: (...args: any[]) => unknown;
  route?: { path?: unknown } | undefined;
  /** router 2.3+ (Express 5.1+): the path the layer was registered with. */
  rawPath?: unknown;
  /** router 2.x: a root mount (`app.use(fn)`). */
  slash?: boolean;
  /** Express 4: `regexp.fast_slash` marks a root mount. */
  regexp?: { fast_slash?: boolean };
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

export interface ExpressRouterLike {
  stack: ExpressLayerLike[];
}

interface ExpressRequestLike {
  /** Set by Express on every request it handles. */
  app?: unknown;
  baseUrl?: unknown;
  route?: { path?: unknown } | undefined;
}

/** One router the request is inside of: its matched text and its template. */
interface Mount {
  readonly raw: string;
  readonly template: string;
}

const mountsOf = new WeakMap<object, Mount[]>();
/** The route of a request whose error has left the router it was matched in. */
const routeAtError = new WeakMap<object, string>();
const MOUNT = Symbol.for("logcrest.http.expressMount");
/** Stack length each router had when its layers were last looked at. */
const seenLength = new WeakMap<ExpressRouterLike, number>();

function isRouter(value: unknown): value is ExpressRouterLike {
  return typeof value === "function" && Array.isArray((value as { stack?: unknown }).stack);
}

function isRootMount(layer: ExpressLayerLike): boolean {
  return layer.slash === true || layer.regexp?.fast_slash === true || layer.rawPath === "/";
}

/** A path as Express reports it in `baseUrl`: no trailing slash. */
function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** A route or mount path as text: a string as it is, a RegExp as its source form, a list joined. */
function pathText(path: unknown): string | undefined {
  if (typeof path === "string") return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) return path.map((p) => pathText(p) ?? "").join(",");
  return undefined;
}

function mountTemplate(layer: ExpressLayerLike, req: ExpressRequestLike, parentRaw: string): string {
  // Routers before 2.3 (Express 4, early 5) keep no template: the matched text is the
  // closest thing, exact for mounts without parameters.
  if (typeof layer.rawPath === "string") return trimSlash(layer.rawPath);
  const raw = typeof req.baseUrl === "string" ? req.baseUrl : "";
  return raw.slice(parentRaw.length);
}

function wrapMount(layer: ExpressLayerLike): void {
  const handle = layer.handle as Handle & { [MOUNT]?: true };
  if (handle[MOUNT] === true || handle.length > 3) return;
  const mounted = function (req: ExpressRequestLike, res: unknown, next: Next): unknown {
    if (requestFlowOf(req as object) === undefined) return handle(req, res, next);
    let mounts = mountsOf.get(req as object);
    if (mounts === undefined) mountsOf.set(req as object, (mounts = []));
    const depth = mounts.length;
    const parent = depth > 0 ? mounts[depth - 1]! : undefined;
    const template = (parent?.template ?? "") + mountTemplate(layer, req, parent?.raw ?? "");
    mounts.push({ raw: typeof req.baseUrl === "string" ? req.baseUrl : "", template });
    if (isRouter(handle)) observeRouter(handle);
    const list = mounts;
    return handle(req, res, function leaveMount(err?: unknown) {
      // An error on its way out to error middleware or the final handler: the route that
      // failed is the one to name, and leaving the router is about to lose its mount path.
      if (err !== undefined && err !== null && err !== "route" && err !== "router" && !routeAtError.has(req as object)) {
        const route = expressRoute(req as object, 0);
        if (route !== undefined) routeAtError.set(req as object, route);
      }
      list.length = depth;
      return next(err);
    });
  } as Handle & { [MOUNT]?: true };
  // Whatever inspects the layer (`layer.handle.stack`, a router's methods) still finds the
  // original's properties, through the prototype.
  Object.setPrototypeOf(mounted, handle);
  Object.defineProperty(mounted, "name", { value: handle.name });
  Object.defineProperty(mounted, MOUNT, { value: true });
  layer.handle = mounted;
}

/** Wraps the mount layers of `router` and of the routers mounted in it, once per stack length. */
export function observeRouter(router: ExpressRouterLike): void {
  const stack = router.stack;
  if (seenLength.get(router) === stack.length) return;
  seenLength.set(router, stack.length);
  for (const layer of stack) {
    if (layer.route !== undefined || typeof layer.handle !== "function") continue;
    const inner = layer.handle as unknown;
    if (isRouter(inner)) observeRouter(inner);
    if (!isRootMount(layer)) wrapMount(layer);
  }
}

/**
 * The route template of a request Express has routed, `UNMATCHED` for the router's 404,
 * or undefined when Express never saw the request or no route answered it (a middleware
 * such as a static file server did).
 */
export function expressRoute(request: object, status: number): string | undefined {
  const req = request as ExpressRequestLike;
  const failedIn = routeAtError.get(request);
  if (failedIn !== undefined) return failedIn;
  const route = req.route;
  // The router puts `baseUrl` back as it found it (unset) when nothing answered.
  if (route === undefined || route === null) return status === 404 && isExpressApp(req.app) ? UNMATCHED : undefined;
  const own = pathText(route.path);
  if (own === undefined) return undefined;
  const base = req.baseUrl;
  if (typeof base !== "string" || base === "") return own;
  const mounts = mountsOf.get(request);
  if (mounts !== undefined) {
    for (let i = mounts.length - 1; i >= 0; i--) if (mounts[i]!.raw === base) return mounts[i]!.template + own;
  }
  return base + own;
}
