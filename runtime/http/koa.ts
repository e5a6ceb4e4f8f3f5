/**
 * Koa (2 and 3), by structure: `use`, `callback`, `context` and the `middleware` array.
 *
 * The flow middleware goes first in the chain, so it is the outermost one: it sees what
 * the downstream chain throws before Koa's own error handling does. Errors that a user's
 * try/catch middleware handles are reported by Koa convention through
 * `ctx.app.emit('error', err, ctx)`, which is observed too.
 */
import type { ResolvedHttpOptions } from "./options";
import { trackNodeRequest } from "./node-request";
import type { NodeRequestLike, NodeResponseLike } from "./node-types";
import { requestFlowOf } from "./request-flow";

interface KoaContextLike {
  req: NodeRequestLike;
  res: NodeResponseLike;
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

export function koaMiddleware(options: ResolvedHttpOptions): KoaMiddleware {
  return function logcrestKoa(ctx, next) {
    const flow = trackNodeRequest(ctx.req, ctx.res, options);
    if (flow === undefined) return next();
    return flow.run(() =>
      next().then(undefined, (err: unknown) => {
        flow.noteError(err);
        throw err;
      }),
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
