/**
 * Fastify (4.18+ and 5), by structure: `addHook`, `decorateRequest` and `route`.
 *
 * The way request-context plugins do it: `onRequest` opens the flow and continues the
 * request inside it; body parsing runs on stream events, outside that context, so
 * `preHandler` enters it again right before the handler. Fastify routes a request before
 * its first hook, so `onRequest` already knows the route template (`routeOptions.url`). `onError` tells the flow what
 * failed (the error then goes on to `setErrorHandler` unchanged). The flow closes on the
 * response's 'close', like every Node-based integration, which also ends the flow of a
 * request the client abandoned: no `onRequestAbort` hook, which would cost Fastify a
 * closure and a request 'close' listener on every request.
 */
import type { ResolvedHttpOptions } from "./options";
import { trackNodeRequest } from "./node-request";
import type { NodeRequestLike, NodeResponseLike } from "./node-types";
import { requestFlowOf } from "./request-flow";
import { UNMATCHED } from "./route-name";

interface FastifyRequestLike {
  raw: NodeRequestLike;
  /** Fastify 4.10+: the matched route's options; `url` is its template. */
  routeOptions?: { url?: unknown };
  /** True when no route matched and Fastify's not-found handler answers. */
  is404?: boolean;
}

interface FastifyReplyLike {
  raw: NodeResponseLike;
}

type Done = (err?: Error) => void;

export interface FastifyLike {
  addHook(name: string, hook: (...args: any[]) => unknown): unknown;
  decorateRequest: (...args: any[]) => unknown;
  route: (...args: any[]) => unknown;
}

export function isFastify(app: unknown): app is FastifyLike {
  const a = app as Partial<FastifyLike> | null;
  return (
    a !== null &&
    typeof a === "object" &&
    typeof a.addHook === "function" &&
    typeof a.decorateRequest === "function" &&
    typeof a.route === "function"
  );
}

export function instrumentFastify(app: FastifyLike, options: ResolvedHttpOptions): void {
  app.addHook("onRequest", function logcrestOnRequest(request: FastifyRequestLike, reply: FastifyReplyLike, done: Done) {
    const flow = trackNodeRequest(request.raw, reply.raw, options);
    if (flow === undefined) return done();
    // Fastify has routed the request before its first hook: the template is known already.
    const url = request.routeOptions?.url;
    if (request.is404 === true) flow.template = UNMATCHED;
    else if (typeof url === "string") flow.template = url;
    flow.run(done);
  });
  app.addHook("preHandler", function logcrestPreHandler(request: FastifyRequestLike, _reply: FastifyReplyLike, done: Done) {
    const flow = requestFlowOf(request.raw);
    if (flow === undefined) return done();
    flow.run(done);
  });
  app.addHook(
    "onError",
    function logcrestOnError(request: FastifyRequestLike, _reply: FastifyReplyLike, error: unknown, done: Done) {
      requestFlowOf(request.raw)?.noteError(error);
      done();
    },
  );
}
