/**
 * `logcrest/clickhouse`: the fleet store (README: Many machines). See handler.ts for delivery, bounds
 * and timing, schema.ts for the tables.
 */
import * as handler from "./handler";
import * as schema from "./schema";

export const clickhouseHandler = handler.clickhouseHandler;
export const FLOWS_TABLE = schema.FLOWS_TABLE;
export const RECORDS_TABLE = schema.RECORDS_TABLE;
export type { ClickHouseHandler, ClickHouseHandlerOptions } from "./handler";
