/**
 * One HTTP request as one flow, independent of any framework: the adapters only decide
 * when a request starts, when an error passes by, and when the response is done.
 */
import { STATUS_CODES } from "node:http";
import { activeContext, storage } from "../context";
import { closeFlow, openFlow, runInFlow, type FlowHandle } from "../flow-api";
import { cleanLabel } from "../ids";
import type { ResolvedHttpOptions } from "./options";
import { routeNames } from "./route-name";

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

export class RequestFlow {
  private error: unknown = undefined;
  private hasError = false;

  constructor(private readonly handle: FlowHandle) {}

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

  /** An error thrown by the handler; the first one is what the flow failed with. */
  noteError(err: unknown): void {
    if (this.hasError) return;
    this.hasError = true;
    this.error = err;
  }

  /** The response is complete with `status`: the one flow_end (later calls do nothing). */
  finish(status: number): void {
    if (this.closed) return;
    unanswered.delete(this);
    const fields = { http_status: status };
    if (this.hasError) return closeFlow(this.handle, { error: this.error, fields });
    if (status < 500) return closeFlow(this.handle, { fields });
    // A 5xx without a thrown value reaching us: if a step threw first (and the handler
    // turned that into the 5xx), the flow failed at that step; else at the route.
    const thrown = this.handle.flow.thrown;
    if (thrown !== undefined && thrown.length > 0) return closeFlow(this.handle, { error: thrown[0], fields });
    const reason = STATUS_CODES[status];
    closeFlow(this.handle, { failed: true, errorText: `HTTPError: ${status}${reason ? ` ${reason}` : ""}`, fields });
  }

  /** The client went away first. `status` when a status line was already sent. */
  abort(status: number | undefined): void {
    this.failWithout(ABORT_TEXT, { http_status: status ?? CLIENT_CLOSED_REQUEST, aborted: true });
  }

  /** The process is exiting with this request unanswered. */
  processExited(): void {
    this.failWithout(EXIT_TEXT, { process_exit: true });
  }

  private failWithout(errorText: string, fields: Record<string, unknown>): void {
    if (this.closed) return;
    unanswered.delete(this);
    if (this.hasError) return closeFlow(this.handle, { error: this.error, fields });
    closeFlow(this.handle, { failed: true, errorText, fields });
  }
}

/** Requests being served, by their request object (Node `IncomingMessage` or fetch `Request`). */
const byRequest = new WeakMap<object, RequestFlow>();

export function requestFlowOf(request: object | undefined | null): RequestFlow | undefined {
  return request === undefined || request === null ? undefined : byRequest.get(request);
}

/**
 * Opens the flow of a request, or returns `undefined` for a skipped path or a level below
 * the configured minimum.
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
  requestId: string | undefined,
): RequestFlow | undefined {
  if (options.skip(path, method)) return undefined;
  const { name, labelSource } = routeNames(method, path);
  const fromHeader = requestId === undefined ? "" : cleanLabel(requestId);
  const flowOptions = { name, label: fromHeader !== "" ? fromHeader : labelSource, level: options.level };
  const handle = activeContext() === undefined ? openFlow(flowOptions) : storage().exit(() => openFlow(flowOptions));
  if (handle === undefined) return undefined;
  const flow = new RequestFlow(handle);
  byRequest.set(request, flow);
  trackOpen(flow);
  return flow;
}

/** First value of a header that may come as a list; `undefined` when absent. */
export function firstHeader(value: string | readonly string[] | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : value[0];
}
