/**
 * ClickHouse's HTTP interface over node:http(s): one POST per statement, the statement in
 * the `query` parameter and the data (JSONEachRow lines) in the body. Shared by the handler
 * (inserts) and the CLI (the fleet report's queries). Zero dependencies.
 *
 * Credentials go in a Basic `Authorization` header, never in the URL we log: every message
 * this module produces names the server by `origin` only.
 */
import * as http from "node:http";
import * as https from "node:https";

export interface ClickHouseTarget {
  /** `http(s)://host:port`, no path. */
  readonly origin: string;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

export interface TargetOptions {
  /** `http://host:8123`; `user:password@` in the URL is taken when user/password are not given. */
  url: string;
  database?: string;
  user?: string;
  password?: string;
}

/** Database names are interpolated into statements, so they are held to identifier shape. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Parses and checks the options; throws a TypeError naming the bad option. */
export function resolveTarget(options: TargetOptions): ClickHouseTarget {
  if (typeof options?.url !== "string") throw new TypeError("clickhouse: `url` is required, e.g. http://127.0.0.1:8123");
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(`clickhouse: \`url\` is not a URL: ${JSON.stringify(options.url)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`clickhouse: \`url\` must be http:// or https://, got ${url.protocol}`);
  }
  const database = options.database ?? (url.searchParams.get("database") || "default");
  if (!IDENTIFIER.test(database)) throw new TypeError(`clickhouse: \`database\` must be a plain identifier, got ${JSON.stringify(database)}`);
  return {
    origin: url.origin,
    database,
    user: options.user ?? (decodeURIComponent(url.username) || "default"),
    password: options.password ?? decodeURIComponent(url.password),
  };
}

export interface ClickHouseResponse {
  readonly status: number;
  readonly body: string;
}

/** A ClickHouse error text's code (`Code: 60, e.displayText() = ...` / `Code: 60. DB::Exception`), or 0. */
export function errorCode(body: string): number {
  const m = /Code: (\d+)/.exec(body);
  return m === null ? 0 : Number(m[1]);
}

/** Codes that mean the credentials were refused (18.16: 192-194; current: 516). */
export const AUTH_CODES = new Set([192, 193, 194, 195, 516]);

export class ClickHouseError extends Error {
  override readonly name = "ClickHouseError";
  constructor(
    message: string,
    /** HTTP status, 0 when no response came (refused, reset, timeout). */
    readonly status: number,
    /** ClickHouse's error code from the response, 0 when there is none. */
    readonly code: number,
  ) {
    super(message);
  }
}

export interface PostOptions {
  readonly timeoutMs: number;
  /** Extra query-string settings (`input_format_skip_unknown_fields=1`). */
  readonly settings?: Record<string, string | number>;
  /** Lets the caller abort the request (shutdown on exit). */
  readonly onRequest?: (req: http.ClientRequest) => void;
}

/** The statement's URL; an empty `query` leaves it out (the statement is then the whole body). */
export function requestUrl(target: ClickHouseTarget, query: string, settings?: Record<string, string | number>): string {
  // No `database` parameter: every statement names its tables in full, and CREATE DATABASE
  // must run before the database exists.
  const params = new URLSearchParams(query === "" ? {} : { query });
  for (const [k, v] of Object.entries(settings ?? {})) params.set(k, String(v));
  return `${target.origin}/?${params.toString()}`;
}

export function authHeader(target: ClickHouseTarget): string {
  return `Basic ${Buffer.from(`${target.user}:${target.password}`).toString("base64")}`;
}

/** One statement; resolves with the response text on HTTP 200, rejects with a ClickHouseError otherwise. */
export function post(target: ClickHouseTarget, query: string, text: string, options: PostOptions): Promise<string> {
  // Encoded once: Content-Length and the write would each walk a string body.
  const body = Buffer.from(text, "utf8");
  return new Promise((resolve, reject) => {
    const url = requestUrl(target, query, options.settings);
    const lib = url.startsWith("https:") ? https : http;
    let settled = false;
    const fail = (err: ClickHouseError): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const req = lib.request(url, {
      method: "POST",
      // A fresh connection per statement: Node's global agent keeps sockets alive, and
      // ClickHouse closes idle ones after 3 s (keep_alive_timeout), so a reused socket
      // after a quiet spell would fail the next batch with ECONNRESET. One connect per
      // batch of thousands of rows costs nothing measurable.
      agent: false,
      headers: {
        Authorization: authHeader(target),
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": body.length,
      },
      timeout: options.timeoutMs,
    });
    options.onRequest?.(req);
    req.on("timeout", () => {
      req.destroy();
      fail(new ClickHouseError(`no answer from ${target.origin} within ${options.timeoutMs} ms`, 0, 0));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      fail(new ClickHouseError(`cannot reach ${target.origin}: ${err.code ?? err.message}`, 0, 0));
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("error", (err) => fail(new ClickHouseError(`${target.origin}: response broke off: ${err.message}`, res.statusCode ?? 0, 0)));
      res.on("end", () => {
        // ClickHouse can report an error after a 200 header (an exception mid-stream).
        if (res.statusCode === 200 && !/^Code: \d+/m.test(text.slice(-4096))) {
          if (!settled) {
            settled = true;
            resolve(text);
          }
          return;
        }
        const code = errorCode(text);
        const status = res.statusCode ?? 0;
        const first = text.split("\n", 1)[0]!.slice(0, 300);
        const what = AUTH_CODES.has(code) || status === 401 || status === 403 ? "authentication failed" : `HTTP ${status}`;
        fail(new ClickHouseError(`${target.origin}: ${what}: ${first}`, status, code));
      });
    });
    req.end(body);
  });
}

/**
 * Rows of a SELECT in JSONEachRow: one object per line. The statement goes in the body, not
 * the URL: 18.16 refuses a URL over 16 KB (HTTP 400), and the report's lists of trace ids
 * pass that (700 W3C ids of 32 hex are 25 KB); the body takes up to max_query_size (256 KB).
 */
export async function select<T = Record<string, unknown>>(target: ClickHouseTarget, query: string, timeoutMs = 60_000): Promise<T[]> {
  const text = await post(target, "", `${query}\nFORMAT JSONEachRow`, {
    timeoutMs,
    settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const rows: T[] = [];
  for (const line of text.split("\n")) if (line !== "") rows.push(JSON.parse(line) as T);
  return rows;
}

/** `18.16.1` → [18, 16, 1]. */
export function parseVersion(text: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}
