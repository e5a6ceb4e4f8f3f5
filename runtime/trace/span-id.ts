/** Span ids (W3C parent-id, OpenTelemetry span id): 16 lowercase hex, never all zeros. */
import { hex8 } from "../ids";

export function spanId(): string {
  const id = hex8() + hex8();
  return id === "0000000000000000" ? spanId() : id;
}
