/**
 * `wrapFetch(handler)`: a fetch-style handler `(Request) => Response | Promise<Response>`
 * (Hono, itty, Bun/Deno-style servers) whose every request is a flow. A client abort
 * arrives through `request.signal`.
 */
import { resolveOptions, type HttpOptions, type ResolvedHttpOptions } from "./options";
import { isPromiseLike } from "./promise";
import { startRequest, type RequestFlow } from "./request-flow";
import { pathOf } from "./route-name";

/** The members of a fetch `Request` used here. */
export interface FetchRequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  readonly signal?: AbortSignalLike | undefined;
}

export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** The members of a fetch `Response` used here. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { set(name: string, value: string): void };
}

export type FetchHandler<Req extends FetchRequestLike = Request, Res extends FetchResponseLike = Response, Rest extends unknown[] = unknown[]> = (
  request: Req,
  ...rest: Rest
) => Res | Promise<Res>;

/**
 * Puts the flow id on the response. Responses with immutable headers (`Response.redirect`,
 * a `fetch()` result passed through) are copied into a new `Response` that can carry it.
 */
function withFlowHeader<Res extends FetchResponseLike>(res: Res, name: string, id: string): Res {
  if (res === null || typeof res !== "object" || typeof res.headers?.set !== "function") return res;
  try {
    res.headers.set(name, id);
    return res;
  } catch (err) {
    // Only a real Response can be copied, and only with a status a Response may be built with.
    if (!(err instanceof TypeError) || !(res instanceof Response) || res.status < 200) throw err;
    const copy = new Response(res.body, res);
    copy.headers.set(name, id);
    return copy as unknown as Res;
  }
}

export function wrapResolvedFetch<Req extends FetchRequestLike, Res extends FetchResponseLike, Rest extends unknown[]>(
  handler: FetchHandler<Req, Res, Rest>,
  options: ResolvedHttpOptions,
): FetchHandler<Req, Res, Rest> {
  const header = options.flowIdHeader;
  return function logcrestFetch(this: unknown, request: Req, ...rest: Rest): Res | Promise<Res> {
    const flow = startRequest(request, options, request.method, pathOf(request.url), request.headers);
    if (flow === undefined) return handler.call(this, request, ...rest);
    const detach = watchAbort(request.signal, flow);
    let result: Res | Promise<Res>;
    try {
      result = flow.run(() => handler.call(this, request, ...rest));
    } catch (err) {
      handlerFailed(flow, err, detach);
      throw err;
    }
    if (!isPromiseLike(result)) return responded(flow, result, header, detach);
    return Promise.resolve(result).then(
      (res) => responded(flow, res, header, detach),
      (err: unknown) => {
        handlerFailed(flow, err, detach);
        throw err;
      },
    );
  };
}

function responded<Res extends FetchResponseLike>(flow: RequestFlow, res: Res, header: string, detach: () => void): Res {
  detach();
  // The flow ends with the response even if the header cannot be put on it.
  flow.finish(typeof res?.status === "number" ? res.status : 200);
  return withFlowHeader(res, header, flow.id);
}

/** The server turns a throwing fetch handler into a 500 (Node adapters, Bun and Deno all do). */
function handlerFailed(flow: RequestFlow, err: unknown, detach: () => void): void {
  detach();
  flow.noteError(err);
  flow.finish(500);
}

const nothing = (): void => {};

/** Ends the flow as aborted when the request's signal fires; returns the un-watcher. */
function watchAbort(signal: AbortSignalLike | undefined, flow: RequestFlow): () => void {
  if (signal === undefined || signal === null || typeof signal.addEventListener !== "function") return nothing;
  const onAbort = (): void => flow.abort(undefined);
  if (signal.aborted) {
    onAbort();
    return nothing;
  }
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

/** Wraps a fetch-style handler: each request runs inside its own flow. */
export function wrapFetch<Req extends FetchRequestLike, Res extends FetchResponseLike, Rest extends unknown[]>(
  handler: FetchHandler<Req, Res, Rest>,
  options?: HttpOptions,
): FetchHandler<Req, Res, Rest> {
  if (typeof handler !== "function") throw new TypeError("logcrest/http: wrapFetch() needs a function (request) => Response");
  return wrapResolvedFetch(handler, resolveOptions(options));
}
