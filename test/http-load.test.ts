/**
 * Bounded load per framework (Express, Fastify, Koa + @koa/router, Hono on
 * @hono/node-server, node:http): 5,000 requests over 100 keep-alive connections to a
 * handler that awaits two tagged steps, one with a random 0-3 ms delay. Then, from the files
 * the runtime wrote: exactly one flow_start and one flow_end per request, every timeline
 * holds exactly its own two steps, and no record carries another request's ids.
 *
 * Counts are bounded and nothing is timed: speed is measured in bench/, never here.
 */
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Router from "@koa/router";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentFlowId } from "../runtime/context";
import { instrument } from "../runtime/http/index";
import { useLogDir, type LogDir, type Obj } from "./helpers/http-records";
import { close, listen } from "./helpers/http-server";
import { jitteredStep, lookupStep } from "./helpers/http-steps";

const REQUESTS = 5_000;
const CONNECTIONS = 100;

let logs: LogDir;
beforeAll(() => {
  // No rotation: every record of the run stays in the files the test reads.
  logs = useLogDir({ maxSize: 0 });
});
afterAll(async () => {
  await logs.remove();
});

/** What every handler does: two awaited tagged steps; answers the flow id it ran in. */
async function work(n: string): Promise<{ n: string; flowId: string | undefined }> {
  await lookupStep(n);
  await jitteredStep(n);
  return { n, flowId: currentFlowId() };
}

interface Running {
  port: number;
  close(): Promise<void>;
}

async function listening(server: Server): Promise<number> {
  return Number(new URL(await listen(server)).port);
}

function closing(server: Server): () => Promise<void> {
  return () => close(server);
}

const FRAMEWORKS: ReadonlyArray<[string, () => Promise<Running>]> = [
  [
    "express",
    async () => {
      const app = express();
      instrument(app);
      app.get("/work/:n", async (req, res) => void res.json(await work(req.params.n)));
      const server = createServer(app);
      return { port: await listening(server), close: closing(server) };
    },
  ],
  [
    "fastify",
    async () => {
      const app = Fastify();
      instrument(app);
      app.get<{ Params: { n: string } }>("/work/:n", async (req) => work(req.params.n));
      await app.listen({ port: 0, host: "127.0.0.1" });
      return {
        port: (app.server.address() as AddressInfo).port,
        close: async () => {
          app.server.closeAllConnections();
          await app.close();
        },
      };
    },
  ],
  [
    "koa",
    async () => {
      const app = new Koa();
      instrument(app);
      const router = new Router();
      router.get("/work/:n", async (ctx) => void (ctx.body = await work(ctx.params.n!)));
      app.use(router.routes());
      const server = createServer(app.callback());
      return { port: await listening(server), close: closing(server) };
    },
  ],
  [
    "hono",
    async () => {
      const app = new Hono();
      app.get("/work/:n", async (c) => c.json(await work(c.req.param("n"))));
      instrument(app);
      const server = await new Promise<Server>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server)) as Server;
      });
      return { port: await listening(server), close: closing(server) };
    },
  ],
  [
    "node:http",
    async () => {
      const server = instrument(
        createServer((req, res) => {
          void work(req.url!.slice("/work/".length)).then((body) => {
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
          });
        }),
      );
      return { port: await listening(server), close: closing(server) };
    },
  ],
];

interface Answer {
  n: string;
  status: number;
  header: string;
  body: { n: string; flowId: string };
}

function get(agent: Agent, port: number, path: string, requestId: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent, headers: { "x-request-id": requestId } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        try {
          resolve({ n: "", status: res.statusCode ?? 0, header: String(res.headers["x-flow-id"]), body: JSON.parse(text) });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** REQUESTS requests from CONNECTIONS concurrent clients, each on its own kept-alive socket. */
async function load(port: number, prefix: string): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const answers: Answer[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < REQUESTS) {
      const n = `${prefix}${next++}`;
      const answer = await get(agent, port, `/work/${n}`, n);
      answer.n = n;
      answers.push(answer);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, client));
  } finally {
    agent.destroy();
  }
  return answers;
}

describe.each(FRAMEWORKS)("%s under load", (name, start) => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running.close();
  });

  it(`${REQUESTS} requests at ${CONNECTIONS} connections: one flow each, own steps only, no foreign ids`, async () => {
    const prefix = `${name.replace(/[^a-z]/g, "")}-`;
    const answers = await load(running.port, prefix);
    expect(answers).toHaveLength(REQUESTS);
    for (const a of answers) {
      expect(a.status).toBe(200);
      // The handler ran in the flow the response names, and the id is labelled by this request.
      expect(a.body).toEqual({ n: a.n, flowId: a.header });
      expect(a.header.startsWith(`${a.n}-`)).toBe(true);
    }
    const ids = new Set(answers.map((a) => a.header));
    expect(ids.size).toBe(REQUESTS);
    const mine = (r: Obj): boolean => typeof r.flow_id === "string" && r.flow_id.startsWith(prefix);
    const flows = (
      await logs.waitFlows((f) => f.filter((r) => mine(r) && r.flow_type === "flow_end").length >= REQUESTS, `${REQUESTS} flow_ends`)
    ).filter(mine);
    const starts = flows.filter((r) => r.flow_type === "flow_start");
    const ends = flows.filter((r) => r.flow_type === "flow_end");
    expect([starts.length, ends.length]).toEqual([REQUESTS, REQUESTS]);
    expect(new Set(starts.map((r) => r.flow_id))).toEqual(ids);
    expect(new Set(ends.map((r) => r.flow_id))).toEqual(ids);
    const byTrace = new Map<string, string>(answers.map((a) => [a.header.slice(-8), a.n]));
    for (const end of ends) {
      expect(end.flow_status).toBe("success");
      expect(end.trace_id).toBe(end.flow_id.slice(-8));
      expect(end.steps).toBe(2);
      expect(end.timeline.map((s: Obj) => `${s.fn}:${s.status}`)).toEqual(["lookupStep:ok", "jitteredStep:ok"]);
    }
    // Every record the steps wrote carries its own request's trace and names its own request.
    const { success } = await logs.read();
    const stepRecords = success.filter((r) => typeof r.req === "string" && r.req.startsWith(prefix));
    expect(stepRecords).toHaveLength(REQUESTS * 2);
    for (const r of stepRecords) expect(byTrace.get(r.trace_id)).toBe(r.req);
    const perTrace = new Map<string, number>();
    for (const r of success) if (byTrace.has(r.trace_id)) perTrace.set(r.trace_id, (perTrace.get(r.trace_id) ?? 0) + 1);
    // Per request: enter + exit of each step, and the one log record inside each.
    expect(perTrace.size).toBe(REQUESTS);
    for (const count of perTrace.values()) expect(count).toBe(6);
  }, 120_000);
});
