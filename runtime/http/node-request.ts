/**
 * A request served by Node's `http` module (plain listeners, Express, Koa and Fastify all
 * run on one): opens its flow, puts the flow id on the response, and closes the flow when
 * the response finishes or the client goes away.
 */
import { requestFlowOf, startRequest, type RequestFlow } from "./request-flow";
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
  const flow = startRequest(req, options, req.method ?? "GET", pathOf(req.originalUrl ?? req.url ?? "/"), req.headers);
  if (flow === undefined) return undefined;
  keepFlowHeader(res, options.flowIdHeader, flow.id);
  (res as TrackedResponse)[FLOW] = flow;
  // One shared listener, no closure per response. Node emits 'close' after 'finish' for a
  // completed response, and alone when the connection ended before the response was done.
  res.on("close", responseClosed);
  bindRequestEvents(req, flow);
  return flow;
}

const FLOW = Symbol("logcrest.http.flow");
type TrackedResponse = NodeResponseLike & { [FLOW]?: RequestFlow };

function responseClosed(this: TrackedResponse): void {
  const flow = this[FLOW];
  if (flow === undefined) return;
  if (this.writableFinished) flow.finish(this.statusCode);
  else flow.abort(this.headersSent ? this.statusCode : undefined);
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
  req.emit = function emitInFlow(this: NodeRequestLike, event: string | symbol): boolean {
    // An event nobody listens to ('end' and 'close' of most GETs, emitted after the
    // response) runs no code that could need the flow: no context switch for it.
    if (typeof this.listenerCount === "function" && this.listenerCount(event) === 0) return emit.apply(this, arguments as never);
    const args = arguments;
    return flow.run(() => emit.apply(this, args as never));
  };
}
