/**
 * POSTs of OTLP/HTTP JSON bodies with node:http(s): asynchronously while the app runs, and
 * synchronously (a short-lived child process, bounded by a timeout) where nothing can be
 * awaited: the final flush on process exit, a signal's flush, a rebuild by configure().
 *
 * Requests run outside any trace context, so `propagate` never adds headers to them and
 * they never become part of the app's traces.
 */
import { spawnSync } from "node:child_process";
import * as http from "node:http";
import * as https from "node:https";
import { S } from "../state";

export interface PostResult {
  /** HTTP status, or 0 when the request failed before a response (connection error, timeout). */
  status: number;
  /** Seconds from a `Retry-After` header, when given as a number. */
  retryAfter: number | undefined;
  error: string | undefined;
}

/** 429 and 5xx responses and failed connections are worth retrying; other statuses are not. */
export function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/**
 * One POST. Resolves (never rejects) when the response has ended or the request failed;
 * `timeoutMs` bounds the whole exchange.
 */
export function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  const send = (): Promise<PostResult> =>
    new Promise((resolve) => {
      let done = false;
      const finish = (result: PostResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const lib = url.protocol === "https:" ? https : http;
      let req: http.ClientRequest;
      try {
        req = lib.request(url, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        });
      } catch (err) {
        finish({ status: 0, retryAfter: undefined, error: (err as Error).message });
        return;
      }
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs}ms`));
      }, timeoutMs);
      timer.unref();
      req.on("response", (res) => {
        const ra = Number(res.headers["retry-after"]);
        res.on("error", () => undefined);
        res.resume();
        res.on("end", () =>
          finish({ status: res.statusCode ?? 0, retryAfter: Number.isFinite(ra) && ra >= 0 ? ra : undefined, error: undefined }),
        );
      });
      req.on("error", (err) => finish({ status: 0, retryAfter: undefined, error: err.message }));
      // Sockets of an exporter must never keep the process alive on their own.
      req.on("socket", (socket) => socket.unref());
      req.end(body);
    });
  const als = S.als;
  return als === undefined ? send() : als.exit(send);
}

/**
 * The child that sends the last bodies at exit: it reads `[{url, headers, body}]` from
 * stdin, POSTs them all at once, retries each failed one once, and exits.
 */
const SYNC_SENDER = `
const http = require("node:http"), https = require("node:https");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  const jobs = JSON.parse(input);
  const one = (job) => new Promise((resolve) => {
    const url = new URL(job.url);
    const req = (url.protocol === "https:" ? https : http).request(url, { method: "POST", headers: job.headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 429 || res.statusCode >= 500 ? 0 : 1));
    });
    req.on("error", () => resolve(0));
    req.end(job.body);
  });
  Promise.all(jobs.map((job) => one(job).then((ok) => ok || one(job)))).then((r) => {
    process.stdout.write(String(r.filter(Boolean).length));
  });
});
`;

export interface SyncJob {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/** Sends the bodies synchronously within `timeoutMs`; returns how many were accepted. */
export function postSync(jobs: readonly SyncJob[], timeoutMs: number): number {
  if (jobs.length === 0) return 0;
  const input = JSON.stringify(
    jobs.map((j) => ({
      url: j.url.href,
      headers: { ...j.headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(j.body)) },
      body: j.body,
    })),
  );
  try {
    const result = spawnSync(process.execPath, ["-e", SYNC_SENDER], {
      input,
      timeout: timeoutMs,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "ignore"],
      // The child is plain node: none of the app's --import/--require hooks or options.
      env: { ...process.env, NODE_OPTIONS: "" },
      windowsHide: true,
    });
    const sent = Number(result.stdout);
    return Number.isInteger(sent) ? sent : 0;
  } catch {
    return 0;
  }
}
