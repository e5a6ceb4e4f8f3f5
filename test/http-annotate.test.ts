/**
 * `annotate(fields)` and the labels of degraded `@flow` calls (SPEC §4), inside request
 * flows of real servers on 127.0.0.1 (Express, Fastify, node:http) and inside plain flows:
 * fields land on flow_end, reserved keys are refused with a one-time warning, outside a
 * flow nothing happens, and nothing a caller passes makes annotate() throw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as logcrest from "../runtime/index";
import { annotate, MAX_ANNOTATIONS } from "../runtime/annotate";
import { flow } from "../runtime/flow-api";
import { __lc } from "../runtime/generated";
import { instrument, wrapListener } from "../runtime/http/index";
import { send } from "./helpers/http-client";
import { close, listen } from "./helpers/http-server";
import { useLogDirAndWarnings, type LogDir, type Obj } from "./helpers/http-records";
import { loadOrder, sleep } from "./helpers/http-steps";

const files = useLogDirAndWarnings(beforeAll, afterAll);
const warnings = files.warnings;
let logs: LogDir;
beforeAll(() => {
  logs = files.logs();
});

// `@flow labelFrom=orderId` and a `@flow` with a static label, in the transformer's shape.
const [byOrderSite, staticSite] = __lc.sites("src/orders.ts", [
  ["placeOrder", 1, 20, 4 | 8 | 16],
  ["auditTrail", 2, 20, 4 | 8, "audit"],
]);
async function placeOrder(orderId: string): Promise<string> {
  const $f = __lc.enter(byOrderSite!, undefined, orderId);
  return __lc.run($f, async () => {
    try {
      await loadOrder(orderId);
      return orderId;
    } catch ($e) {
      __lc.fail($f, $e);
      throw $e;
    } finally {
      __lc.exit($f);
    }
  });
}
async function auditTrail(): Promise<void> {
  const $f = __lc.enter(staticSite!);
  return __lc.run($f, async () => {
    try {
      await sleep(1);
    } finally {
      __lc.exit($f);
    }
  });
}

async function endOf(url: string, path: string): Promise<{ body: any; end: Obj }> {
  const reply = await send(url, path);
  return { body: reply.body, end: (await logs.flow(reply.flowId!)).end };
}

/** The handler shared by the servers: annotations from the handler and from inside a step. */
async function checkout(id: string): Promise<{ annotated: boolean[] }> {
  const annotated = [annotate({ orderId: id, amount: 12.5 })];
  await placeOrder(`Order ${id}`);
  await auditTrail();
  await placeOrder(`Order ${id}`); // the same label twice is kept once
  annotated.push(annotate({ amount: 13, customer: { tier: "gold" } }));
  return { annotated };
}

describe("annotate() in request flows of real servers", () => {
  it("is exported from logcrest", () => {
    expect(logcrest.annotate).toBe(annotate);
  });

  for (const [name, start] of [
    [
      "express",
      async (): Promise<[string, () => Promise<void>]> => {
        const app = express();
        instrument(app);
        app.get("/checkout/:id", async (req, res) => void res.json(await checkout(req.params.id)));
        const server = createServer(app);
        return [await listen(server), () => close(server)];
      },
    ],
    [
      "fastify",
      async (): Promise<[string, () => Promise<void>]> => {
        const app = Fastify();
        instrument(app);
        app.get<{ Params: { id: string } }>("/checkout/:id", async (req) => checkout(req.params.id));
        const url = await app.listen({ port: 0, host: "127.0.0.1" });
        return [
          url,
          async () => {
            app.server.closeAllConnections();
            await app.close();
          },
        ];
      },
    ],
    [
      "node:http",
      async (): Promise<[string, () => Promise<void>]> => {
        const server = createServer(
          wrapListener(async (req: IncomingMessage, res: ServerResponse) => {
            const body = await checkout(req.url!.split("/").pop()!);
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
          }),
        );
        return [await listen(server), () => close(server)];
      },
    ],
  ] as const) {
    it(`${name}: fields on flow_end, later values win; degraded @flow labels in labels`, async () => {
      const [url, stop] = await start();
      try {
        const { body, end } = await endOf(url, "/checkout/A-7");
        expect(body.annotated).toEqual([true, true]);
        expect(end).toMatchObject({ orderId: "A-7", amount: 13, customer: { tier: "gold" }, flow_status: "success" });
        expect(end.labels).toEqual(["order-a-7", "audit"]);
        // The degraded flows are steps; their own records never appear as flows.
        expect(end.timeline.map((s: Obj) => s.fn)).toEqual(["placeOrder", "loadOrder", "auditTrail", "placeOrder", "loadOrder"]);
      } finally {
        await stop();
      }
    });
  }
});

describe("annotate() rules", () => {
  it("outside a flow does nothing and returns false", async () => {
    expect(annotate({ orderId: "x" })).toBe(false);
    // A flow that has ended takes nothing more either (a fire-and-forget after the response).
    let later: Promise<boolean> | undefined;
    await flow("short", async () => {
      later = sleep(20).then(() => annotate({ late: true }));
    });
    expect(await later).toBe(false);
  });

  it("refuses the keys logcrest writes itself, with one warning per key, and keeps the rest", async () => {
    const before = warnings.length;
    await flow("reserved", async () => {
      expect(annotate({ flow_status: "hacked", route: "/fake", level: "CRITICAL", __proto__: { x: 1 }, kept: 1 })).toBe(true);
      expect(annotate({ flow_status: "again", kept: 2 })).toBe(true);
    });
    const { flows } = await logs.read();
    const end = flows.filter((r) => r.function === "reserved" && r.flow_type === "flow_end").at(-1)!;
    expect(end).toMatchObject({ flow_status: "success", level: "INFO", kept: 2 });
    expect(end.route).toBeUndefined();
    await sleep(0);
    const refused = warnings.slice(before).filter((w) => w.code === "LOGCREST_RESERVED_FIELD");
    expect(refused.map((w) => /'([^']+)'/.exec(w.message)![1]).sort()).toEqual(["flow_status", "level", "route"]);
  });

  it(`keeps at most ${MAX_ANNOTATIONS} keys per flow`, async () => {
    const id = await flow("many", async () => {
      for (let i = 0; i < MAX_ANNOTATIONS + 10; i++) annotate({ [`k${i}`]: i });
      return logcrest.currentFlowId()!;
    });
    const { end } = await logs.flow(id);
    expect(Object.keys(end).filter((k) => /^k\d+$/.test(k))).toHaveLength(MAX_ANNOTATIONS);
    expect(end[`k${MAX_ANNOTATIONS - 1}`]).toBe(MAX_ANNOTATIONS - 1);
    expect(end[`k${MAX_ANNOTATIONS}`]).toBeUndefined();
  });

  it("never throws, whatever it is given", async () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("no keys for you");
        },
      },
    );
    const getter = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    await flow("hostile", async () => {
      expect(annotate(hostile)).toBe(true);
      expect(annotate(getter)).toBe(true);
      expect(annotate(null as never)).toBe(true);
      expect(annotate("text" as never)).toBe(true);
    });
    expect(annotate(hostile)).toBe(false);
  });

  it("a nested flow() block keeps its label on the outer flow too", async () => {
    const id = await flow("outer", async () => {
      await flow({ label: "Invoice 9", name: "invoice" }, async () => sleep(1));
      return logcrest.currentFlowId()!;
    });
    const { end } = await logs.flow(id);
    expect(end.labels).toEqual(["invoice-9"]);
  });
});
