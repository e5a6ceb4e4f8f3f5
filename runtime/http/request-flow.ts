/**
 * One HTTP request as one flow, independent of any framework: the adapters only decide
 * when a request starts, when an error passes by, and when the response is done.
 */
import { STATUS_CODES } from "node:http";
import { activeContext, storage } from "../context";
import { closeFlowAt, openFlow, runInFlow, type FlowHandle, type OpenFlowOptions } from "../flow-api";
import { cleanLabel } from "../ids";
import { incomingTrace } from "../trace/spans";
import type { ResolvedHttpOptions } from "./options";
import { requestNames, routeName, type RouteName } from "./route-name";

/**
 * nginx's "client closed request": the status written for a request the client abandoned
 * before a response status was sent, so that aborted requests group together in reports.
 */
export const CLIENT_CLOSED_REQUEST = 499;

const ABORT_TEXT = "AbortError: the client closed the connection before the response was complete";
const EXIT_TEXT = "ExitError: the process exited before the response was complete";

/**
 * Requests still being served. If the process exits meanwhile (`process.exit()` in another
 * handler, an uncaught exception), their flows are ended before the runtime's final flush,
 * so no flow is left without its flow_end.
 */
const unanswered = new Set<RequestFlow>();
let exitHookInstalled = false;

function closeOpenFlowsAtExit(): void {
  for (const flow of unanswered) flow.processExited();
}

function trackOpen(flow: RequestFlow): void {
  unanswered.add(flow);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Prepended: it must run before the runtime's own 'exit' hook writes the last records.
  process.prependListener("exit", closeOpenFlowsAtExit);
}

/** Finds a request's route template when the response is complete (see `RequestFlow.resolver`). */
export type RouteResolver = (request: object, status: number) => string | undefined;

export class RequestFlow {
  private error: unknown = undefined;
  private hasError = false;
  /** The route template the adapter learnt during routing, or UNMATCHED. */
  template: string | undefined = undefined;
  /** For frameworks that keep the route on the request: asked once, when the response is done. */
  resolver: RouteResolver | undefined = undefined;

  constructor(
    private readonly handle: FlowHandle,
    private readonly request: object,
    private readonly options: ResolvedHttpOptions,
    private readonly method: string,
    /** The `path` field, escaped: also the `route` when no template is known. */
    private readonly path: string,
  ) {}

  /** The flow id, for the `X-Flow-ID` header. */
  get id(): string {
    return this.handle.id;
  }

  get closed(): boolean {
    return this.handle.flow.ended;
  }

  /** Runs `fn` inside the request's flow context. */
  run<T>(fn: () => T): T {
    return runInFlow(this.handle, fn);
  }

  /** An error the framework handled; the first one is what the flow failed with. */
  noteError(err: unknown): void {
    if (this.hasError) return;
    this.hasError = true;
    this.error = err;
  }

  /** The response is complete with `status`: the one flow_end (later calls do nothing). */
  finish(status: number): void {
    if (this.closed) return;
    unanswered.delete(this);
    const fields: Record<string, unknown> = { http_status: status, route: this.path, path: this.path };
    const route = this.route(status, fields);
    const name = route?.name;
    const site = route?.site;
    const error = this.hasError ? this.error : this.handle.flow.thrown?.[0];
    if (!this.failed(status, error)) return closeFlowAt(this.handle, site, { fields, name });
    // Failed with the error the framework handled, else the first a step threw (the handler
    // turned that into the 5xx), else the status itself, at the route.
    if (this.hasError || error !== undefined) return closeFlowAt(this.handle, site, { error, fields, name });
    const reason = STATUS_CODES[status];
    closeFlowAt(this.handle, site, { failed: true, errorText: `HTTPError: ${status}${reason ? ` ${reason}` : ""}`, fields, name });
  }

  /** The client went away first. `status` when a status line was already sent. */
  abort(status: number | undefined): void {
    const http = status ?? CLIENT_CLOSED_REQUEST;
    this.failWithout(ABORT_TEXT, http, { http_status: http, aborted: true });
  }

  /** The process is exiting with this request unanswered. */
  processExited(): void {
    this.failWithout(EXIT_TEXT, 0, { process_exit: true });
  }

  /** The README's status policy (HTTP), or the app's `failOn`. A throwing `failOn` falls back to the policy. */
  private failed(status: number, error: unknown): boolean {
    const failOn = this.options.failOn;
    if (failOn !== undefined) {
      try {
        return failOn(status, error) === true;
      } catch {
        // The app's predicate must not take the response handler down with it.
      }
    }
    return status >= 500;
  }

  /**
   * The route flow_end is named by (undefined: the name it started with), also set as the
   * `route` field: the adapter's template, else the app's `route` option, else the raw path.
   */
  private route(status: number, fields: Record<string, unknown>): RouteName | undefined {
    let template = this.template;
    if (template === undefined && this.resolver !== undefined) template = guarded(this.resolver, this.request, status);
    if (template === undefined && this.options.route !== undefined) template = guarded(this.options.route, this.request, status);
    if (template === undefined) return undefined;
    const named = routeName(this.method, template);
    fields.route = named.route;
    return named;
  }

  private failWithout(errorText: string, status: number, extra: Record<string, unknown>): void {
    if (this.closed) return;
    unanswered.delete(this);
    const fields: Record<string, unknown> = { route: this.path, path: this.path, ...extra };
    const route = this.route(status, fields);
    const name = route?.name;
    if (this.hasError) return closeFlowAt(this.handle, route?.site, { error: this.error, fields, name });
    closeFlowAt(this.handle, route?.site, { failed: true, errorText, fields, name });
  }
}

/** A route from app code: a string, or nothing when it returns something else or throws. */
function guarded(fn: (request: any, status: number) => unknown, request: object, status: number): string | undefined {
  try {
    const route = fn(request, status);
    return typeof route === "string" && route !== "" ? route : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request's flow is kept on the request object (Node `IncomingMessage` or fetch
 * `Request`) under a symbol: a property read, where a WeakMap entry per request cost a
 * hash-table insert and made every request an ephemeron for the garbage collector to trace.
 * A request object that cannot take a property (frozen) is kept in a WeakMap instead.
 */
const REQUEST_FLOW = Symbol("logcrest.http.requestFlow");
type TaggedRequest = { [REQUEST_FLOW]?: RequestFlow };
let sealedRequests: WeakMap<object, RequestFlow> | undefined;

function keepFlowOn(request: object, flow: RequestFlow): void {
  if (Object.isExtensible(request)) (request as TaggedRequest)[REQUEST_FLOW] = flow;
  else (sealedRequests ??= new WeakMap()).set(request, flow);
}

export function requestFlowOf(request: object | undefined | null): RequestFlow | undefined {
  if (request === undefined || request === null) return undefined;
  const flow = (request as TaggedRequest)[REQUEST_FLOW];
  return flow !== undefined || sealedRequests === undefined ? flow : sealedRequests.get(request);
}

/**
 * Opens the flow of a request, or returns `undefined` for a skipped path or a level below
 * the configured minimum. `flow_start` is written here, before routing: its `function` is
 * the method and raw path (`"GET /orders/42"`) for every framework alike.
 *
 * A request is always a flow of its own. The context it arrives in is not the caller's:
 * Node runs a server's requests in the async context in which `listen()` was called, so
 * a server started inside a flow (a `@flow main()`) would otherwise turn every request
 * into a part of that one flow.
 */
export function startRequest(
  request: object,
  options: ResolvedHttpOptions,
  method: string,
  path: string,
  headers: RequestHeaders,
): RequestFlow | undefined {
  if (options.skip(path, method)) return undefined;
  const names = requestNames(method, path);
  const requestId = headerValue(headers, options.requestIdHeader);
  const fromHeader = requestId === undefined ? "" : cleanLabel(requestId);
  // The caller's W3C trace context (traceparent/tracestate) puts the request in its trace.
  const flowOptions: OpenFlowOptions = {
    name: names.name,
    label: fromHeader !== "" ? fromHeader : names.labelSource,
    level: options.level,
    trace: incomingTrace(headers, method),
  };
  const handle = activeContext() === undefined ? openFlow(flowOptions) : storage().exit(() => openFlow(flowOptions));
  if (handle === undefined) return undefined;
  const flow = new RequestFlow(handle, request, options, method, names.path);
  keepFlowOn(request, flow);
  trackOpen(flow);
  return flow;
}

/** A request's headers: Node's lower-cased object, or a fetch `Headers`. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>> | { get(name: string): string | null };

/** One header of either kind, by its lower-case name; the first value of a list. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  return firstHeader((headers as Record<string, string | string[] | undefined>)[name]);
}

/** First value of a header that may come as a list; `undefined` when absent. */
export function firstHeader(value: string | readonly string[] | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : value[0];
}
