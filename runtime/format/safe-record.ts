/**
 * `recordObject` that never throws: a field whose getter throws (or a timestamp out of
 * range) gives a minimal record with `logcrest_error` instead of a lost record.
 */
import { levelName } from "../levels";
import type { Rec } from "../record";
import { errorDetail, recordMessage } from "../record-message";
import { recordObject } from "../record-object";

export function safeRecordObject(rec: Rec, loggerName: string): Record<string, unknown> {
  try {
    return recordObject(rec, loggerName);
  } catch (err) {
    return minimalRecord(rec, loggerName, err);
  }
}

export function minimalRecord(rec: Rec, loggerName: string, err: unknown): Record<string, unknown> {
  let timestamp: string;
  try {
    timestamp = new Date(rec.time).toISOString();
  } catch {
    timestamp = new Date().toISOString();
  }
  let message: string;
  try {
    message = recordMessage(rec);
  } catch {
    message = typeof rec.message === "string" ? rec.message : "";
  }
  let problem: string;
  try {
    problem = errorDetail(err);
  } catch {
    problem = "unknown error";
  }
  return {
    timestamp,
    level: levelName(rec.level),
    logger: loggerName,
    trace_id: String(rec.traceId),
    message,
    logcrest_error: `record could not be serialised: ${problem}`,
  };
}
