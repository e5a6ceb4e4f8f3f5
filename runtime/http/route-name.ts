/**
 * What a request is called in records: the path without its query, the route name
 * (`"GET /orders/42"`) and the label its flow id starts with.
 *
 * Everything here comes from the client, so it is treated as hostile: control characters
 * are escaped (one record stays one line, no terminal escapes) and length is bounded.
 */

/** Longest path kept in a route name; longer ones are cut and marked with `...`. */
export const MAX_PATH_CHARS = 256;

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

// C0 controls, DEL, C1 controls and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t" };

/** CR/LF/TAB as `\r` `\n` `\t`, other control characters as `\xHH` / `\uHHHH`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

export interface RouteNames {
  /** `function` of the flow records: `"GET /orders/42"`, escaped and bounded. */
  readonly name: string;
  /** Raw text the label is cleaned from: `"GET /orders/42"` (cleaning drops the rest). */
  readonly labelSource: string;
}

export function routeNames(method: string, path: string): RouteNames {
  let decoded = decodePath(path);
  if (decoded.length > MAX_PATH_CHARS) decoded = `${decoded.slice(0, MAX_PATH_CHARS)}...`;
  const verb = method.length > 32 ? method.slice(0, 32) : method;
  const raw = `${verb} ${decoded}`;
  return { name: escapeControls(raw), labelSource: raw };
}
