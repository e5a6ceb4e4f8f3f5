export interface ClickHouseServer {
  readonly url: string;
  readonly origin: string;
  readonly password: string;
  readonly dir: string;
  query(sql: string, body?: string): Promise<string>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
export function clickhouseBinary(): string;
export function startClickHouse(options?: { password?: string; startTimeoutMs?: number }): Promise<ClickHouseServer>;
