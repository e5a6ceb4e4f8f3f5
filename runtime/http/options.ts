/**
 * Options shared by every HTTP integration, resolved once when the integration is built so
 * that nothing is parsed per request.
 */
import { INFO, parseLevel } from "../levels";
import type { NodeRequestLike } from "./node-types";

/** What a `route` option is given: the Node request, or the fetch `Request` for `wrapFetch`. */
export type RouteRequest = NodeRequestLike | { readonly url: string; readonly method: string };

/** A path to leave alone: exact path, a pattern, or a predicate over path and method. */
export type SkipRule = string | RegExp | ((path: string, method: string) => boolean);

export interface HttpOptions {
  /** Level of flow_start and a successful flow_end (name or number). Default INFO. */
  level?: number | string;
  /** Request header whose value becomes the flow label. Default `x-request-id`. */
  requestIdHeader?: string;
  /** Response header that carries the flow id. Default `X-Flow-ID`. */
  flowIdHeader?: string;
  /** Requests whose path (without the query) matches get no flow and no header. */
  skip?: SkipRule | readonly SkipRule[];
  /**
   * Whether a request's flow failed, given its response status and the error the framework
   * handled (undefined when none). Default: a 5xx, or an error the framework left unanswered.
   */
  failOn?(status: number, error: unknown): boolean;
  /**
   * The route template of a request the framework knows no template for (node:http,
   * `wrapListener`, `wrapFetch`, Koa without a router), e.g. `"/orders/:id"`. Called when
   * the response is complete. Returning nothing (or throwing) keeps the raw path.
   */
  route?(request: RouteRequest): string | undefined | null;
}

export interface ResolvedHttpOptions {
  readonly level: number;
  /** Lower-cased, as Node keys `req.headers`. */
  readonly requestIdHeader: string;
  readonly flowIdHeader: string;
  readonly skip: (path: string, method: string) => boolean;
  readonly failOn: ((status: number, error: unknown) => boolean) | undefined;
  readonly route: ((request: RouteRequest) => string | undefined | null) | undefined;
}

function optionalFunction<T>(value: T | undefined, option: string): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`logcrest/http: ${option} must be a function, got ${typeof value}`);
  }
  return value;
}

const never = (): boolean => false;

function skipMatcher(skip: HttpOptions["skip"]): (path: string, method: string) => boolean {
  if (skip === undefined) return never;
  const rules: readonly SkipRule[] = Array.isArray(skip) ? skip : [skip as SkipRule];
  if (rules.length === 0) return never;
  const exact = new Set<string>();
  const tests: Array<(path: string, method: string) => boolean> = [];
  for (const rule of rules) {
    if (typeof rule === "string") exact.add(rule);
    else if (rule instanceof RegExp) {
      tests.push((path) => {
        // A /g or /y pattern keeps state between calls; every request must start fresh.
        rule.lastIndex = 0;
        return rule.test(path);
      });
    } else if (typeof rule === "function") tests.push(rule);
    else throw new TypeError(`logcrest/http: a skip rule must be a string, a RegExp or a function, got ${typeof rule}`);
  }
  return (path, method) => exact.has(path) || tests.some((t) => t(path, method));
}

function headerName(value: unknown, option: string, fallback: string): string {
  if (value === undefined) return fallback;
  // RFC 9110 token characters: anything else could never match or would break a response.
  if (typeof value !== "string" || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
    throw new TypeError(`logcrest/http: ${option} must be an HTTP header name, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveOptions(options: HttpOptions | undefined): ResolvedHttpOptions {
  const o = options ?? {};
  let level = INFO;
  if (o.level !== undefined) {
    const parsed = parseLevel(o.level);
    if (parsed === undefined) {
      throw new TypeError(
        `logcrest/http: unknown level ${JSON.stringify(o.level)} (use debug, info, warning, error, critical or a number)`,
      );
    }
    level = parsed;
  }
  return {
    level,
    requestIdHeader: headerName(o.requestIdHeader, "requestIdHeader", "x-request-id").toLowerCase(),
    flowIdHeader: headerName(o.flowIdHeader, "flowIdHeader", "X-Flow-ID"),
    skip: skipMatcher(o.skip),
    failOn: optionalFunction(o.failOn, "failOn"),
    route: optionalFunction(o.route, "route"),
  };
}
