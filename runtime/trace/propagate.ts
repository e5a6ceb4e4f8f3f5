/**
 * `configure({ propagate: true })`: outgoing requests made inside a trace carry
 * `traceparent` (and `tracestate`), so the next service joins the trace (README: Distributed tracing).
 *
 * - global `fetch` (undici, also the npm `undici` package): the `undici:request:create`
 *   diagnostics channel, whose request has `addHeader`;
 * - `http.request` / `https.request` (and `get`): the `http.client.request.created` channel
 *   where Node publishes it (22.14+, 23.2+), fired before the headers are written. Older
 *   Nodes publish only `http.client.request.start`, after the headers went out, so there the
 *   four functions are wrapped instead (and ESM named imports re-synced).
 *
 * A request that already has a `traceparent` keeps it (the app or another tracer set it).
 * Off by default: a logging library adds no headers to third-party calls unless asked.
 */
import diagnostics from "node:diagnostics_channel";
import type * as http from "node:http";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { traceHeaders } from "./headers";

interface UndiciRequest {
  headers?: string | string[];
  addHeader?(name: string, value: string): unknown;
}

interface PropagationState {
  on: boolean;
  subscribed: boolean;
  wrapped: boolean;
}

// Process-wide, like the runtime state: two copies of the package must not both add headers.
const KEY = Symbol.for("logcrest.propagate.v1");
type Holder = { [KEY]?: PropagationState };
const P: PropagationState = ((globalThis as Holder)[KEY] ??= { on: false, subscribed: false, wrapped: false });

function undiciHasTraceparent(headers: UndiciRequest["headers"]): boolean {
  if (typeof headers === "string") return /(?:^|\r\n)traceparent:/i.test(headers);
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === "traceparent") return true;
  }
  return false;
}

function onUndiciRequest(message: unknown): void {
  if (!P.on) return;
  try {
    const request = (message as { request?: UndiciRequest }).request;
    if (request === undefined || typeof request.addHeader !== "function" || undiciHasTraceparent(request.headers)) return;
    const headers = traceHeaders();
    if (headers.traceparent === undefined) return;
    request.addHeader("traceparent", headers.traceparent);
    if (headers.tracestate !== undefined) request.addHeader("tracestate", headers.tracestate);
  } catch {
    // A header we cannot add never breaks the app's request.
  }
}

function addToClientRequest(request: http.ClientRequest): void {
  try {
    if (request.headersSent || request.hasHeader("traceparent")) return;
    const headers = traceHeaders();
    if (headers.traceparent === undefined) return;
    request.setHeader("traceparent", headers.traceparent);
    if (headers.tracestate !== undefined && !request.hasHeader("tracestate")) request.setHeader("tracestate", headers.tracestate);
  } catch {
    // Headers given as an array are written at once; such a request goes without.
  }
}

function onHttpRequestCreated(message: unknown): void {
  if (!P.on) return;
  const request = (message as { request?: http.ClientRequest }).request;
  if (request !== undefined) addToClientRequest(request);
}

/** Whether this Node publishes `http.client.request.created` (before the headers are sent). */
export function hasRequestCreatedChannel(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major >= 24 || (major === 23 && minor >= 2) || (major === 22 && minor >= 14);
}

type RequestFn = typeof http.request;

function wrapRequest(original: RequestFn): RequestFn {
  const wrapped = function logcrestRequest(this: unknown, ...args: Parameters<RequestFn>): http.ClientRequest {
    const request = Reflect.apply(original, this, args) as http.ClientRequest;
    if (P.on) addToClientRequest(request);
    return request;
  };
  Object.defineProperty(wrapped, "name", { value: original.name });
  return wrapped as RequestFn;
}

/** The module object itself (a namespace import is a frozen or copied view of it). */
function builtin(name: "node:http" | "node:https"): { request: RequestFn; get: RequestFn } {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return (typeof get === "function" ? get(name) : createRequire(join(process.cwd(), "noop.js"))(name)) as { request: RequestFn; get: RequestFn };
}

/** Node < 22.14: wrap `request` and `get` of node:http and node:https (once per process). */
function wrapHttpModules(): void {
  if (P.wrapped) return;
  P.wrapped = true;
  for (const target of [builtin("node:http"), builtin("node:https")]) {
    const request = wrapRequest(target.request);
    target.request = request;
    // `get` is `request` plus `end()`; calling our wrapped request keeps that behaviour.
    target.get = function get(this: unknown, ...args: Parameters<RequestFn>): http.ClientRequest {
      const req = Reflect.apply(request, this, args) as http.ClientRequest;
      req.end();
      return req;
    } as RequestFn;
  }
  syncBuiltinESMExports();
}

/** Turns propagation on or off; subscribing and wrapping happen once, the flag decides. */
export function setPropagation(on: boolean): void {
  P.on = on;
  if (!on || P.subscribed) return;
  P.subscribed = true;
  diagnostics.subscribe("undici:request:create", onUndiciRequest);
  if (hasRequestCreatedChannel()) diagnostics.subscribe("http.client.request.created", onHttpRequestCreated);
  else wrapHttpModules();
}

export function propagationOn(): boolean {
  return P.on;
}
