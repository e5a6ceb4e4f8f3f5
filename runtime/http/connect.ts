/**
 * `middleware()`: connect-style `(req, res, next)`, for Express, connect, and anything else
 * that chains Node request handlers. Register it first, so every later handler runs in the
 * request's flow.
 */
import { isExpressApp, observeExpressApp } from "./express";
import { expressRoute } from "./express-routes";
import { resolveOptions, type HttpOptions, type ResolvedHttpOptions } from "./options";
import { trackNodeRequest } from "./node-request";
import type { NodeRequestLike, NodeResponseLike } from "./node-types";

export type NextFunction = (err?: unknown) => void;
export type ConnectMiddleware = (req: NodeRequestLike, res: NodeResponseLike, next: NextFunction) => void;

export function connectMiddleware(options: ResolvedHttpOptions, appKnown = false): ConnectMiddleware {
  // The explicit middleware() learns its Express app from the first request (`req.app`).
  let appSeen = appKnown;
  return function logcrestMiddleware(req, res, next) {
    const flow = trackNodeRequest(req, res, options);
    if (flow === undefined) return next();
    // Express routed requests carry their route on `req`; other connect apps have none.
    flow.resolver = expressRoute;
    if (!appSeen) {
      appSeen = true;
      const app = (req as { app?: unknown }).app;
      if (isExpressApp(app)) observeExpressApp(app);
    }
    // Routers catch what later handlers throw; a router that lets it escape through
    // next() still gets it back unchanged, and the flow knows why it failed.
    try {
      flow.run(() => next());
    } catch (err) {
      flow.noteError(err);
      throw err;
    }
  };
}

/** A connect-style middleware that makes every request a flow. */
export function middleware(options?: HttpOptions): ConnectMiddleware {
  return connectMiddleware(resolveOptions(options));
}
