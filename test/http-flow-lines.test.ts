/**
 * The flow records of real requests to an instrumented node:http server are written by the
 * dedicated serialiser (runtime/format/flow-bytes.ts), byte for byte as the definition,
 * whatever the client sends (paths with control, bidi and non-ASCII characters, quotes,
 * backslashes, malformed escapes, hostile request ids) and whatever route names the app
 * gives; and a route's flow_end carries the one site made for that route.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowLineEncoder } from "../runtime/format/flow-bytes";
import { loggerFragment } from "../runtime/format/json";
import { instrument } from "../runtime/http/index";
import { routeName } from "../runtime/http/route-name";
import { K_FLOW_END, K_FLOW_START, type Rec } from "../runtime/record";
import { definition, encoded } from "./helpers/encoded-lines";
import { send } from "./helpers/http-client";
import { close, listen } from "./helpers/http-server";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

const LOGGER = "app_logger";

/** Route templates the app names its `/r/<n>` paths by: the app's text is not trusted either. */
const ROUTES = ["/r/:id\u001b[31m", "/r/\u202e:id", '/r/"quoted"\\:id', '/r/"q":id', "/r/é/:id", "/r/\ud800:id"];

const PATHS = [
  "/orders/42",
  "/a%1Bb%0D%0Ac%00",
  "/x%E2%80%AEy%E2%80%A8z%C2%85",
  "/caf%C3%A9/%F0%9F%98%80",
  "/q%22uote%5Cback'tick",
  "/only%22quote",
  "/bad%E0%A4%A",
  "/%ED%A0%80",
  `/${"a".repeat(300)}`,
  "/missing",
  ...ROUTES.map((_, i) => `/r/${i}`),
  ...ROUTES.map((_, i) => `/r/${i}?again`),
];

const REQUEST_IDS = [undefined, '"quoted" \\ id', "\u00ff\u00f0\u00e9-42", "x".repeat(100), "  --  ", "Order 42"];

describe("HTTP flow lines from real requests", () => {
  let server: Server;
  let base: string;
  let pipeline: MemoryPipeline;

  beforeAll(async () => {
    pipeline = installMemoryPipeline();
    server = createServer((req, res) => {
      res.writeHead(req.url?.startsWith("/missing") ? 404 : 200, { "content-type": "text/plain" });
      res.end("ok");
    });
    instrument(server, {
      route: (req) => {
        const m = /^\/r\/(\d)/.exec(req.url ?? "");
        return m === null ? undefined : ROUTES[Number(m[1])];
      },
    });
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
  });

  it("are byte-identical to the definition and all take the dedicated serialiser", async () => {
    const requests = PATHS.flatMap((path, i) => [path, i % 2 === 0 ? path : `${path}${path.includes("?") ? "&" : "?"}x=1`]);
    for (const [i, path] of requests.entries()) {
      const id = REQUEST_IDS[i % REQUEST_IDS.length];
      const reply = await send(base, path, id === undefined ? {} : { headers: { "x-request-id": id } });
      expect(reply.status).toBe(path.startsWith("/missing") ? 404 : 200);
    }
    // flow_end is written on the response's 'close', which may come after the client has its reply.
    const deadline = Date.now() + 5000;
    const ends = (): Rec[] => pipeline.recs.filter((r) => r.kind === K_FLOW_END);
    while (ends().length < requests.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const flows = pipeline.recs.filter((r) => r.kind === K_FLOW_START || r.kind === K_FLOW_END);
    expect(flows.filter((r) => r.kind === K_FLOW_START)).toHaveLength(requests.length);
    expect(ends()).toHaveLength(requests.length);

    const enc = new FlowLineEncoder(loggerFragment(LOGGER));
    for (const r of flows) {
      const line = encoded(enc, r);
      expect(line, `declined: ${definition(r, LOGGER)}`).toBeDefined();
      expect(line).toBe(definition(r, LOGGER));
      // Hostile text is escaped, never raw: one record stays one line and shows as what it is.
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it("names each routed flow_end by the one site made for its route", () => {
    for (const [i, template] of ROUTES.entries()) {
      const site = routeName("GET", template).site;
      const ends = pipeline.recs.filter((r) => r.kind === K_FLOW_END && (r.fields?.path as string).startsWith(`/r/${i}`));
      // Each route was asked four times (two paths, each with and without a query).
      expect(ends).toHaveLength(4);
      for (const r of ends) {
        expect(r.site).toBe(site);
        expect(r.fields?.route).toBe(routeName("GET", template).route);
      }
    }
    // Requests no route option names end at their raw path, with no site.
    const unrouted = pipeline.recs.filter((r) => r.kind === K_FLOW_END && (r.fields?.path as string) === "/orders/42");
    expect(unrouted.length).toBeGreaterThan(0);
    for (const r of unrouted) expect(r.site).toBeUndefined();
  });
});
