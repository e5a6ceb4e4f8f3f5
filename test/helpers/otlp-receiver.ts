/**
 * A loopback OTLP/HTTP receiver for tests: records every request (path, headers, parsed
 * JSON body) and answers with whatever status `answer()` says, so a test can make it fail
 * for a while and then recover.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  raw: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Accepted (2xx) requests only. */
  accepted(path?: string): Received[];
  answer: (path: string, index: number) => number;
  /** A `Retry-After` header for 429 and 503 answers. */
  retryAfter: string | undefined;
  close(): Promise<void>;
}

export async function startReceiver(answer: (path: string, index: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    received,
    accepted: (path) => received.filter((r) => r.status >= 200 && r.status < 300 && (path === undefined || r.path === path)),
    answer,
    retryAfter: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const status = receiver.answer(req.url ?? "", received.length);
      received.push({ path: req.url ?? "", headers: req.headers, status, body, raw, at: Date.now() });
      const headers: Record<string, string> = { "content-type": "application/json" };
      if ((status === 429 || status === 503) && receiver.retryAfter !== undefined) headers["retry-after"] = receiver.retryAfter;
      res.writeHead(status, headers);
      res.end(status < 300 ? "{}" : JSON.stringify({ code: status }));
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
