/**
 * What a request is called in records: the path without its query, the name it starts with
 * (`"GET /orders/42"`), the route it ends with (`"GET /orders/:id"`), and the label its flow
 * id starts with.
 *
 * Everything here comes from the client or from the app's route table, so it is treated as
 * hostile: control characters are escaped with the one escaper of the text formats (one
 * record stays one line, no terminal escapes) and length is bounded.
 */
import { escapeControl } from "../format/escape";
import { INFO } from "../levels";
import type { Site } from "../record";
import { makeSite } from "../sites";

/** Longest path kept in a name; longer ones are cut and marked with `...`. */
export const MAX_PATH_CHARS = 256;

/** The route of a request that the app's router matched to no route (its 404). */
export const UNMATCHED = "<unmatched>";

/** `/orders/42?x=1#y` → `/orders/42`; an absolute URL (`http://h/p?q`) → `/p`. */
export function pathOf(url: string): string {
  let start = 0;
  // Origin-form ("/p?q") is the usual case; absolute-form ("http://h/p") comes from proxies
  // and fetch-style requests.
  if (url.charCodeAt(0) !== 47 /* "/" */) {
    const scheme = url.indexOf("://");
    if (scheme > 0) {
      const slash = url.slice(scheme + 3).search(/[/?#]/);
      if (slash < 0 || url[scheme + 3 + slash] !== "/") return "/";
      start = scheme + 3 + slash;
    }
  }
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  const path = url.slice(start, end);
  return path === "" ? "/" : path;
}

/** Percent-decoded for readability; a malformed escape leaves the path as it came. */
function decodePath(path: string): string {
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch (err) {
    if (err instanceof URIError) return path; // e.g. "%E0%A4%A": not decodable, keep it raw
    throw err;
  }
}

function bounded(text: string): string {
  return text.length > MAX_PATH_CHARS ? `${text.slice(0, MAX_PATH_CHARS)}...` : text;
}

function verbOf(method: string): string {
  return method.length > 32 ? method.slice(0, 32) : method;
}

export interface RequestNames {
  /** `function` of flow_start, and of flow_end when no route is known: `"GET /orders/42"`. */
  readonly name: string;
  /** The `path` field: decoded, control characters escaped, bounded. */
  readonly path: string;
  /** Raw text the label is cleaned from: `"GET /orders/42"` (cleaning drops the rest). */
  readonly labelSource: string;
}

/** The names a request has before routing, from its method and raw path. */
export function requestNames(method: string, path: string): RequestNames {
  const decoded = bounded(decodePath(path));
  const verb = verbOf(method);
  const escaped = escapeControl(decoded);
  return { name: `${escapeControl(verb)} ${escaped}`, path: escaped, labelSource: `${verb} ${decoded}` };
}

export interface RouteName {
  /** `function` of flow_end: `"GET /orders/:id"`. */
  readonly name: string;
  /** The `route` field: `"/orders/:id"`. */
  readonly route: string;
  /**
   * flow_end's site (named `name`, no file): made with the route, so flow_end's `function`
   * and message prefix are serialised once per route, not per request (format/flow-bytes.ts).
   */
  readonly site: Site;
}

// Route names are made once per method and route, not per request. Templates come from the
// app's route table, so their number is bounded by the app; the cap is for apps that make
// route names from request data (a `route` option returning the raw path).
const MAX_CACHED_ROUTES = 2000;
const routeCache = new Map<string, RouteName>();

/** The name of a request that `template` (a route template, or UNMATCHED) describes. */
export function routeName(method: string, template: string): RouteName {
  const key = `${method} ${template}`;
  let named = routeCache.get(key);
  if (named === undefined) {
    const route = escapeControl(bounded(template));
    const name = `${escapeControl(verbOf(method))} ${route}`;
    named = { name, route, site: makeSite(name, "", 0, INFO, 0) };
    if (routeCache.size < MAX_CACHED_ROUTES) routeCache.set(key, named);
  }
  return named;
}
