/** Real requests against a test server: fetch, raw socket bytes, and an abandoned request. */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";

export interface Reply {
  status: number;
  flowId: string | null;
  headers: Headers;
  body: any;
}

export async function send(base: string, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return { status: res.status, flowId: res.headers.get("x-flow-id"), headers: res.headers, body };
}

/** Writes `head` (request line and headers, CRLF-separated, no final blank line) verbatim. */
export function sendRaw(base: string, head: string): Promise<{ status: number; flowId: string | undefined; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\nConnection: close\r\n\r\n`, "latin1"));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const flowId = /^x-flow-id: (.*)$/im.exec(text)?.[1]?.trim();
      resolve({ status, flowId, text });
    });
  });
}

/**
 * Starts a request and destroys its socket once `abortWhen` resolves (e.g. when the server
 * has written the flow_start), like a client that gives up mid-request.
 */
export function abandon(base: string, path: string, headers: Record<string, string>, abortWhen: Promise<unknown>): Promise<void> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port: Number(port), path, headers });
    req.on("response", () => reject(new Error("the server answered before the client gave up")));
    req.on("close", () => resolve());
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET" || err.message === "socket hang up") resolve();
      else reject(err);
    });
    req.end();
    abortWhen.then(
      () => req.destroy(),
      (err: unknown) => {
        req.destroy();
        reject(err);
      },
    );
  });
}

/**
 * POSTs a JSON body that arrives 30 ms after the headers, so the server reads it from
 * later socket events (a fast local body would already be buffered when the handler runs).
 */
export function postSlowBody(base: string, path: string, body: unknown): Promise<Reply> {
  const { hostname, port } = new URL(base);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: hostname,
      port: Number(port),
      path,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        const flowId = res.headers["x-flow-id"];
        resolve({
          status: res.statusCode ?? 0,
          flowId: typeof flowId === "string" ? flowId : null,
          headers: new Headers(),
          body: (res.headers["content-type"] ?? "").includes("json") ? JSON.parse(text) : text,
        });
      });
    });
    req.flushHeaders();
    setTimeout(() => req.end(payload), 30);
  });
}
