/**
 * A Node `http.Server` (or `https.Server`), by structure: an event emitter with `listen`.
 * Its 'request' listeners, the ones it has and the ones added later, are wrapped. A
 * wrapper keeps the original in `.listener`, the property Node's `once()` wrappers use,
 * so `listeners('request')` still lists and `removeListener(original)` still removes the
 * user's own functions. Two listeners of one request share its one flow.
 */
import { wrapResolvedListener } from "./listener";
import type { ResolvedHttpOptions } from "./options";
import type { NodeListener } from "./node-types";

type Listener = (...args: any[]) => unknown;
type AddListener = (event: string | symbol, listener: Listener) => unknown;

export interface NodeServerLike {
  listen: (...args: any[]) => unknown;
  on: AddListener;
  addListener: AddListener;
  prependListener: AddListener;
  rawListeners(event: string | symbol): Listener[];
  removeListener(event: string | symbol, listener: Listener): unknown;
}

export function isNodeServer(app: unknown): app is NodeServerLike {
  const a = app as Partial<NodeServerLike> | null;
  return (
    a !== null &&
    typeof a === "object" &&
    typeof a.listen === "function" &&
    typeof a.on === "function" &&
    typeof a.addListener === "function" &&
    typeof a.prependListener === "function" &&
    typeof a.rawListeners === "function" &&
    typeof a.removeListener === "function"
  );
}

function wrapRequestListener(listener: Listener, options: ResolvedHttpOptions): Listener {
  const wrapped = wrapResolvedListener(listener as NodeListener, options) as Listener & { listener?: Listener };
  wrapped.listener = listener;
  return wrapped;
}

export function instrumentNodeServer(server: NodeServerLike, options: ResolvedHttpOptions): void {
  // Re-add the existing listeners wrapped, in their order. rawListeners keeps once()
  // wrappers as they are: wrapping one would break its removal, and no server uses one.
  for (const listener of server.rawListeners("request")) {
    if ((listener as { listener?: unknown }).listener !== undefined) continue;
    server.removeListener("request", listener);
    server.on("request", wrapRequestListener(listener, options));
  }
  for (const method of ["on", "addListener", "prependListener"] as const) {
    const add = server[method];
    server[method] = function addWrapped(this: unknown, event: string | symbol, listener: Listener): unknown {
      return add.call(this, event, event === "request" && typeof listener === "function" ? wrapRequestListener(listener, options) : listener);
    };
  }
}
