/**
 * `logcrest/http` as an app uses it: a separate Node process that imports only the
 * package's ESM `logcrest/http` entry (the build in dist/, which `npm test` makes first),
 * configures nothing but LOGCREST_DIR, serves a few requests and exits. The flows must be
 * in the files: the entry installs the pipeline by itself, and the final flush on exit
 * loses nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";

const repo = resolve(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "logcrest-http-pkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// The app's own node_modules/logcrest points at this repo, as an installed package would.
mkdirSync(join(work, "node_modules"));
symlinkSync(repo, join(work, "node_modules", "logcrest"), "dir");

/** Runs `source` as work/<name>.mjs with LOGCREST_DIR=work/<name>-logs; returns stdout and the flow records. */
function runApp(name: string, source: string): { out: string; flows: Array<Record<string, unknown>> } {
  if (!existsSync(join(repo, "dist/esm/http.mjs"))) throw new Error("dist/ is not built: run `npm run build` first");
  const script = join(work, `${name}.mjs`);
  writeFileSync(script, source);
  let out: string;
  try {
    out = execFileSync(process.execPath, [script], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, LOGCREST_DIR: join(work, `${name}-logs`), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    // A deliberate non-zero exit still has its stdout to check.
    const e = err as { status?: number; stdout?: string };
    if (typeof e.stdout !== "string" || e.status === undefined) throw err;
    out = e.stdout;
  }
  const dir = join(work, `${name}-logs`, "flows");
  const flows = readdirSync(dir)
    .map((n) => readFileSync(join(dir, n), "utf8"))
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { out, flows };
}

it("an ESM app importing only logcrest/http writes its flows, also when it exits right away", () => {
  const { out, flows } = runApp(
    "quick-exit",
    `import { createServer } from "node:http";
import { instrument, wrapFetch } from "logcrest/http";
const server = instrument(createServer((req, res) => res.end("ok")), { skip: ["/healthz"] });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = "http://127.0.0.1:" + server.address().port;
const a = await fetch(base + "/orders/1", { headers: { "x-request-id": "pkg-one" } });
const b = await fetch(base + "/healthz");
const f = await wrapFetch(() => new Response("fetch ok"))(new Request("http://x/fetch-side"));
console.log(JSON.stringify([a.headers.get("x-flow-id"), b.headers.get("x-flow-id"), f.headers.get("x-flow-id")]));
server.closeAllConnections();
server.close();
process.exit(0);
`,
  );
  const [served, skipped, fetched] = JSON.parse(out.trim().split("\n").pop()!) as [string, string | null, string];
  expect(served).toMatch(/^pkg-one-[0-9a-f]{8}$/);
  expect(skipped).toBeNull();
  expect(fetched).toMatch(/^get-fetch-side-[0-9a-f]{8}$/);
  expect(flows.map((r) => [r.flow_id, r.flow_type])).toEqual([
    [served, "flow_start"],
    [served, "flow_end"],
    [fetched, "flow_start"],
    [fetched, "flow_end"],
  ]);
  expect(flows[1]).toMatchObject({ function: "GET /orders/1", http_status: 200, flow_status: "success" });
});

it("requests still in flight when the process exits get their flow_end", () => {
  const { flows } = runApp(
    "exit-mid-request",
    `import { createServer } from "node:http";
import { instrument } from "logcrest/http";
const server = instrument(createServer((req, res) => {
  if (req.url === "/exit") setTimeout(() => process.exit(3), 20);
  // neither request is ever answered
}));
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = "http://127.0.0.1:" + server.address().port;
fetch(base + "/pending", { headers: { "x-request-id": "pending" } }).catch(() => {});
setTimeout(() => fetch(base + "/exit", { headers: { "x-request-id": "exiter" } }).catch(() => {}), 20);
`,
  );
  const ends = flows.filter((r) => r.flow_type === "flow_end");
  expect(flows.filter((r) => r.flow_type === "flow_start")).toHaveLength(2);
  expect(ends.map((r) => String(r.flow_id).split("-")[0]).sort()).toEqual(["exiter", "pending"]);
  for (const end of ends) {
    expect(end).toMatchObject({
      flow_status: "failed",
      process_exit: true,
      flow_error: "ExitError: the process exited before the response was complete",
    });
  }
});
