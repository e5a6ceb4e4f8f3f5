/**
 * Synchronous POSTs for the exit flush. Node's 'exit' event cannot wait for I/O, so the
 * last rows are sent by a short-lived child process that we wait for with `spawnSync`,
 * killed when `timeoutMs` is over: the exit is delayed by at most that bound.
 *
 * The statements, the bodies and the credentials travel on the child's stdin (not argv,
 * which other users can read in `ps`); the child answers with one JSON line per statement.
 */
import { spawnSync } from "node:child_process";
import { authHeader, type ClickHouseTarget, requestUrl } from "./http";

export interface SyncRequest {
  readonly query: string;
  readonly body: string;
}

export interface SyncResult {
  /** HTTP status of each request that got an answer, in order; missing ones were not answered. */
  readonly statuses: number[];
  readonly error: string | undefined;
}

// Plain CommonJS run with `node -e`: reads the job from stdin, posts each request in turn.
const CHILD = `
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  for (const r of job.requests) {
    const status = await new Promise((resolve) => {
      const lib = r.url.startsWith("https:") ? require("node:https") : require("node:http");
      const req = lib.request(r.url, { method: "POST", headers: { Authorization: job.auth, "Content-Length": Buffer.byteLength(r.body) } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve(res.statusCode === 200 && !/^Code: \\d+/m.test(text) ? 200 : res.statusCode || 0));
      });
      req.on("error", (e) => resolve("error: " + (e.code || e.message)));
      req.end(r.body);
    });
    process.stdout.write(JSON.stringify(status) + "\\n");
    if (status !== 200) break;
  }
});
`;

export function postSync(target: ClickHouseTarget, requests: readonly SyncRequest[], settings: Record<string, string | number>, timeoutMs: number): SyncResult {
  const job = {
    auth: authHeader(target),
    requests: requests.map((r) => ({ url: requestUrl(target, r.query, settings), body: r.body })),
  };
  const result = spawnSync(process.execPath, ["-e", CHILD], {
    input: JSON.stringify(job),
    timeout: timeoutMs,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    // The child must not inherit the app's --import/--require hooks (they could log).
    env: { ...process.env, NODE_OPTIONS: "" },
    maxBuffer: 1024 * 1024,
  });
  const statuses: number[] = [];
  let error: string | undefined;
  for (const line of (result.stdout ?? "").split("\n")) {
    if (line === "") continue;
    const v = JSON.parse(line) as number | string;
    if (typeof v === "number") statuses.push(v);
    else error = v;
  }
  if (result.error !== undefined) error = `${(result.error as NodeJS.ErrnoException).code ?? result.error.message}`;
  else if (result.signal !== null) error = `no answer within ${timeoutMs} ms`;
  const bad = statuses.find((s) => s !== 200);
  if (bad !== undefined) error ??= `HTTP ${bad}`;
  return { statuses, error };
}
