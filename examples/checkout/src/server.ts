import { createServer, type Server } from "node:http";
import { instrument } from "logcrest/http";
import { payOrder, type Order } from "./orders";

const orders = new Map<string, Order>([
  ["ord-100", { id: "ord-100", items: [{ sku: "book", quantity: 1 }], cents: 1_500 }],
  ["ord-200", { id: "ord-200", items: [{ sku: "lamp", quantity: 1 }], cents: 90_000 }],
]);

/** A tiny order API; every request becomes a flow through instrument(), so the route calls payOrder(), not the checkout() flow. */
export function startServer(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const match = /^\/orders\/([\w-]+)\/pay$/.exec(req.url ?? "");
    if (req.method === "POST" && match) {
      const order = orders.get(match[1]!);
      if (!order) {
        res.writeHead(404).end("no such order");
        return;
      }
      try {
        const receipt = await payOrder(order);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ receipt }));
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
      return;
    }
    res.writeHead(req.url === "/healthz" ? 200 : 404).end();
  });
  instrument(server, { skip: ["/healthz"] });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
