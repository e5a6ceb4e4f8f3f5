/**
 * One request across two services, in the record shape TRACING writes (a 32-hex W3C trace
 * id, span_id, parent_span_id): svc-a's checkout calls svc-b's charge, which fails. Used
 * by the CLI tests on files and by the ClickHouse report tests.
 */
import { type FlowSpec, flowLines, writeLog } from "./cli-fixtures";

/** A W3C trace id from another (OpenTelemetry) service: 32 hex. */
export const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

export const CHECKOUT_A: FlowSpec = {
  id: "get-checkout-0f0f0f0f",
  fn: "GET /checkout/:id",
  start: "2026-11-25T09:30:00.000Z",
  status: "failed",
  totalMs: 80,
  timeline: [
    { fn: "Cart.load", ms: 5, status: "ok" },
    { fn: "PaymentClient.charge", ms: 70, status: "failed" },
  ],
  offsets: [1, 7],
  failedAt: "PaymentClient.charge",
  step: "2/2",
  error: "HTTPError: 502 Bad Gateway",
  httpStatus: 502,
};

export const CHARGE_B: FlowSpec = {
  id: "post-charge-1e1e1e1e",
  fn: "POST /charge",
  start: "2026-11-25T09:30:00.010Z",
  status: "failed",
  totalMs: 60,
  timeline: [{ fn: "Gateway.authorize", ms: 55, status: "failed" }],
  offsets: [2],
  failedAt: "Gateway.authorize",
  step: "1/1",
  error: "ConnectionError: gateway timeout",
  httpStatus: 500,
};

function traced(lines: string[], span: string, parent: string): string[] {
  return lines.map((l) => JSON.stringify({ ...JSON.parse(l), trace_id: TRACE, span_id: span, parent_span_id: parent }));
}

export function traceRecord(time: string, fn: string, message: string, level = "INFO", trace = TRACE): string {
  return JSON.stringify({ timestamp: time, level, logger: "app_logger", trace_id: trace, span_id: "c3c3c3c3c3c3c3c3", function: fn, message });
}

/**
 * Writes the request's records into two log directories (flows/ of each, svc-a's step
 * exit to success/, svc-b's hostile error record to error/); `extraA` adds lines to svc-a's flows/.
 */
export function writeCrossServiceTrace(dirA: string, dirB: string, extraA: string[] = [], extraSuccessA: string[] = []): void {
  writeLog(dirA, "flows", "20261125_093000_flows.log", [...traced(flowLines(CHECKOUT_A), "a1a1a1a1a1a1a1a1", "00f067aa0ba902b7"), ...extraA]);
  writeLog(dirB, "flows", "20261125_093000_flows.log", traced(flowLines(CHARGE_B), "b2b2b2b2b2b2b2b2", "c3c3c3c3c3c3c3c3"));
  writeLog(dirA, "success", "20261125_093000_success.log", [traceRecord("2026-11-25T09:30:00.006Z", "Cart.load", "'Cart.load' finished in 5ms"), ...extraSuccessA]);
  writeLog(dirB, "error", "20261125_093000_error.log", [traceRecord("2026-11-25T09:30:00.065Z", "Gateway.authorize", "gateway <b>timeout</b> \u001b[31m", "ERROR")]);
}
