/**
 * `wrapListener(listener)`: a Node request listener (`http.createServer(listener)`) whose
 * every request is a flow.
 */
import { resolveOptions, type HttpOptions, type ResolvedHttpOptions } from "./options";
import { trackNodeRequest } from "./node-request";
import type { NodeListener, NodeRequestLike, NodeResponseLike } from "./node-types";
import { isPromiseLike } from "./promise";
import type { RequestFlow } from "./request-flow";

/**
 * The listener threw or its promise rejected. Nothing else will answer this response, and
 * an unhandled rejection may end the process next, so the flow ends now, as failed.
 */
function listenerFailed(flow: RequestFlow, res: NodeResponseLike, err: unknown): void {
  flow.noteError(err);
  if (res.writableFinished) return; // the response went out first; 'finish' has closed the flow
  flow.finish(res.headersSent ? res.statusCode : 500);
}

export function wrapResolvedListener<Req extends NodeRequestLike, Res extends NodeResponseLike>(
  listener: NodeListener<Req, Res>,
  options: ResolvedHttpOptions,
): NodeListener<Req, Res> {
  return function logcrestListener(this: unknown, req: Req, res: Res): unknown {
    const flow = trackNodeRequest(req, res, options);
    if (flow === undefined) return listener.call(this, req, res);
    let result: unknown;
    try {
      result = flow.run(() => listener.call(this, req, res));
    } catch (err) {
      listenerFailed(flow, res, err);
      throw err;
    }
    if (!isPromiseLike(result)) return result;
    // The rejection is re-thrown from the derived promise, so whoever watched the
    // original (nobody, for Node's http server) sees the same unhandled rejection as before.
    return Promise.resolve(result).then(undefined, (err: unknown) => {
      listenerFailed(flow, res, err);
      throw err;
    });
  };
}

/** Wraps a Node request listener: each request runs inside its own flow. */
export function wrapListener<Req extends NodeRequestLike, Res extends NodeResponseLike>(
  listener: NodeListener<Req, Res>,
  options?: HttpOptions,
): NodeListener<Req, Res> {
  if (typeof listener !== "function") throw new TypeError("logcrest/http: wrapListener() needs a function (req, res)");
  return wrapResolvedListener(listener, resolveOptions(options));
}
