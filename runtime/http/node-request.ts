/**
 * A request served by Node's `http` module (plain listeners, Express, Koa and Fastify all
 * run on one): opens its flow, puts the flow id on the response, and closes the flow when
 * the response finishes or the client goes away.
 */
import { firstHeader, requestFlowOf, startRequest, type RequestFlow } from "./request-flow";
import type { ResolvedHttpOptions } from "./options";
import type { NodeRequestLike, NodeResponseLike } from "./node-types";
import { pathOf } from "./route-name";

/**
 * Starts tracking `req`. Returns its flow (the same one when a second layer of the same
 * request asks again), or `undefined` for a skipped path or a disabled level.
 */
export function trackNodeRequest(
  req: NodeRequestLike,
  res: NodeResponseLike,
  options: ResolvedHttpOptions,
): RequestFlow | undefined {
  const known = requestFlowOf(req);
  if (known !== undefined) return known;
  const method = req.method ?? "GET";
  const flow = startRequest(
    req,
    options,
    method,
    pathOf(req.originalUrl ?? req.url ?? "/"),
    firstHeader(req.headers[options.requestIdHeader]),
  );
  if (flow === undefined) return undefined;
  keepFlowHeader(res, options.flowIdHeader, flow.id);
  res.once("finish", () => flow.finish(res.statusCode));
  // 'close' without 'finish': the connection ended before the response was complete.
  res.once("close", () => {
    if (res.writableFinished) flow.finish(res.statusCode);
    else flow.abort(res.headersSent ? res.statusCode : undefined);
  });
  bindRequestEvents(req, flow);
  return flow;
}

/**
 * Sets the flow id header now, so that handlers can read it and every response has it, and
 * puts it back at `writeHead` if something removed it meanwhile: Koa's error handler
 * removes every header before it writes the error response.
 */
function keepFlowHeader(res: NodeResponseLike, name: string, id: string): void {
  if (res.headersSent) return;
  res.setHeader(name, id);
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithFlowId(this: NodeResponseLike, ...args: unknown[]): unknown {
    if (!this.headersSent && !this.hasHeader(name)) this.setHeader(name, id);
    return writeHead.apply(this, args);
  };
}

/**
 * Body parsers read the request through its events ('data', 'end'), which Node emits in
 * the connection's async context, not the handler's: `next()` called from an 'end'
 * listener (Express's json parser) would lose the flow. Emitting the request's events
 * inside the flow keeps the context for everything downstream.
 */
function bindRequestEvents(req: NodeRequestLike, flow: RequestFlow): void {
  const emit = req.emit;
  req.emit = function emitInFlow(this: NodeRequestLike, event: string | symbol, ...args: unknown[]): boolean {
    return flow.run(() => emit.call(this, event, ...args));
  };
}
