/**
 * End to end with real tags: an app whose functions carry `@logcrest` / `@flow` JSDoc tags
 * is built by the esbuild plugin (the real transformer, not hand-written shapes), run as
 * its own Node process against the built package, and served by Express and Fastify with
 * `instrument()`. The flows in its log files must show the tagged functions as steps.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, expect, it } from "vitest";
import { logcrest } from "../esbuild-plugin/index";

const repo = resolve(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "logcrest-http-e2e-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const APP = `import express from "express";
import Fastify from "fastify";
import { instrument } from "logcrest/http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** @logcrest */
async function loadOrder(id: string) {
  await sleep(2);
  return { id };
}

/** @logcrest */
async function priceOrder(id: string) {
  await sleep(1);
  return id.length * 100;
}

/** @logcrest */
async function chargeCard(cents: number): Promise<never> {
  await sleep(1);
  throw new Error("card declined: " + cents);
}

/** @flow checkout */
async function checkout(id: string) {
  const order = await loadOrder(id);
  await Promise.all([priceOrder(id), sleep(1)]);
  return order;
}

async function serve(base: string, paths: string[]) {
  const out: Record<string, string | null> = {};
  for (const p of paths) out[p] = (await fetch(base + p)).headers.get("x-flow-id");
  return out;
}

const ex = express();
instrument(ex);
ex.get("/orders/:id", async (req, res) => {
  const order = await loadOrder(req.params.id);
  await sleep(1);
  res.json({ order, cents: await priceOrder(order.id) });
});
ex.get("/pay", async () => chargeCard(100));
ex.get("/checkout", async (_req, res) => void res.json(await checkout("c1")));
ex.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(500).send(err.message);
});

const fa = Fastify();
instrument(fa);
fa.get<{ Params: { id: string } }>("/orders/:id", async (req) => {
  await sleep(1);
  const order = await loadOrder(req.params.id);
  await sleep(1);
  return { order, cents: await priceOrder(order.id) };
});
fa.get("/pay", async () => chargeCard(200));
fa.get("/checkout", async () => checkout("c2"));

const server = ex.listen(0, "127.0.0.1", async () => {
  const exBase = "http://127.0.0.1:" + (server.address() as { port: number }).port;
  const faBase = await fa.listen({ port: 0, host: "127.0.0.1" });
  const paths = ["/orders/42", "/pay", "/checkout"];
  const result = { express: await serve(exBase, paths), fastify: await serve(faBase, paths) };
  console.log(JSON.stringify(result));
  server.close();
  await fa.close();
});
`;

it("tagged functions built by the esbuild plugin are steps of Express and Fastify request flows", async () => {
  if (!existsSync(join(repo, "dist/cjs/runtime/http/index.js"))) throw new Error("dist/ is not built: run `npm run build` first");
  mkdirSync(join(work, "src"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(repo, join(work, "node_modules", "logcrest"), "dir");
  writeFileSync(join(work, "src", "app.ts"), APP);
  await build({
    entryPoints: [join(work, "src", "app.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: join(work, "out", "app.js"),
    absWorkingDir: work,
    external: ["logcrest", "logcrest/*", "express", "fastify"],
    plugins: [logcrest()],
    logLevel: "silent",
  });
  const out = execFileSync(process.execPath, [join(work, "out", "app.js")], {
    cwd: work,
    encoding: "utf8",
    // express and fastify come from this repo's dev dependencies.
    env: { ...process.env, NODE_PATH: join(repo, "node_modules"), LOGCREST_DIR: join(work, "logs"), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ids = JSON.parse(out.trim().split("\n").pop()!) as Record<string, Record<string, string>>;
  const dir = join(work, "logs", "flows");
  const flows = readdirSync(dir)
    .flatMap((n) => readFileSync(join(dir, n), "utf8").split("\n"))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  const endOf = (id: string) => {
    const mine = flows.filter((r) => r.flow_id === id);
    expect(mine.map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
    return mine[1]!;
  };
  const steps = (end: Record<string, any>) => end.timeline.map((s: { fn: string; status: string }) => `${s.fn}:${s.status}`);
  for (const framework of ["express", "fastify"]) {
    const got = ids[framework]!;
    expect(got["/orders/42"]).toMatch(/^get-orders-42-[0-9a-f]{8}$/);
    const order = endOf(got["/orders/42"]!);
    // Started by its path, ended by its route template.
    expect(flows.find((r) => r.flow_id === got["/orders/42"] && r.flow_type === "flow_start")!.function).toBe("GET /orders/42");
    expect(order).toMatchObject({ function: "GET /orders/:id", path: "/orders/42", http_status: 200, flow_status: "success" });
    expect(steps(order)).toEqual(["loadOrder:ok", "priceOrder:ok"]);
    const pay = endOf(got["/pay"]!);
    expect(pay).toMatchObject({ flow_status: "failed", failed_at: "chargeCard", step: "1/1", http_status: 500 });
    expect(pay.flow_error).toMatch(/^Error: card declined: \d+$/);
    // The @flow function inside the request is a step, not a second flow.
    const nested = endOf(got["/checkout"]!);
    expect(steps(nested)).toEqual(["checkout:ok", "loadOrder:ok", "priceOrder:ok"]);
  }
  expect(flows.some((r) => r.function === "checkout")).toBe(false);
  // Step records carry the file the tags are in.
  const success = readdirSync(join(work, "logs", "success"))
    .flatMap((n) => readFileSync(join(work, "logs", "success", n), "utf8").split("\n"))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  expect(success.find((r) => r.function === "loadOrder")).toMatchObject({ file: "src/app.ts" });
});
