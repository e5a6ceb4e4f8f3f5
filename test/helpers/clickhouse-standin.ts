/**
 * A loopback stand-in for ClickHouse's HTTP interface, for what a real server cannot show:
 * how many INSERTs are in flight at once. It answers `SELECT version()` as 18.16, takes DDL,
 * holds each INSERT for `holdMs` before answering, and keeps the rows of the INSERTs it
 * acknowledged. `fail(i)` decides the fate of the i-th INSERT: "ok", "reset" (the body is
 * read, then the connection is cut, as a server killed mid-request), or "500".
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type InsertFate = "ok" | "reset" | "500";

export interface StandIn {
  url: string;
  /** Rows of acknowledged INSERTs, per table, in arrival order. */
  rows: Map<string, string[]>;
  /** INSERTs received, whatever their fate. */
  inserts: number;
  /** Most INSERTs open at the same moment. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export async function startStandIn(opts: { holdMs: number; fail?: (index: number) => InsertFate }): Promise<StandIn> {
  let open = 0;
  const held = new Set<NodeJS.Timeout>();
  const standIn: StandIn = {
    url: "",
    rows: new Map(),
    inserts: 0,
    maxConcurrent: 0,
    close: () => {
      for (const t of held) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams.get("query") ?? "";
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const insert = /^INSERT INTO `?\w+`?\.(\w+)/.exec(query);
      if (insert === null) {
        res.end(query.startsWith("SELECT version()") ? "18.16.1\n" : "");
        return;
      }
      const index = standIn.inserts++;
      open++;
      standIn.maxConcurrent = Math.max(standIn.maxConcurrent, open);
      const timer = setTimeout(() => {
        held.delete(timer);
        open--;
        const fate = opts.fail?.(index) ?? "ok";
        if (fate === "reset") {
          req.socket.destroy();
          return;
        }
        if (fate === "500") {
          res.statusCode = 500;
          res.end("Code: 241, e.displayText() = DB::Exception: Memory limit exceeded (stand-in)\n");
          return;
        }
        const table = insert[1]!;
        const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((l) => l !== "");
        standIn.rows.set(table, [...(standIn.rows.get(table) ?? []), ...lines]);
        res.end("");
      }, opts.holdMs);
      held.add(timer);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
