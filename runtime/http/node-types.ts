/**
 * The few members of Node's `IncomingMessage` / `ServerResponse` the integrations use,
 * declared structurally (like LogTape's Express package) so that nothing here depends on
 * a framework's types and any request/response pair that behaves like Node's works.
 */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express keeps the full URL here when a mounted router rewrites `url`. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  emit(event: string | symbol, ...args: any[]): boolean;
  /** EventEmitter's; a request without it has every event emitted inside its flow. */
  listenerCount?(event: string | symbol): number;
}

export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  setHeader(name: string, value: string): unknown;
  hasHeader(name: string): boolean;
  writeHead(...args: any[]): unknown;
  on(event: "close", listener: () => void): unknown;
}

export type NodeListener<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike> = (
  req: Req,
  res: Res,
) => unknown;
