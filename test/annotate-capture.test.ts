/**
 * `annotate(fields)` takes its values at the call, as `log.*` fields are (README: Values):
 * a snapshot, bounded and with the configured redaction applied. Before, it kept the
 * caller's objects, so a change made after the call reached flow_end and
 * `configure({ redact })` did not apply there.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { annotate } from "../runtime/annotate";
import { configureValues, DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { resolveConfig } from "../runtime/config";
import { flow } from "../runtime/flow-api";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { K_FLOW_END } from "../runtime/record";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

let mem: MemoryPipeline;

beforeEach(() => {
  mem = installMemoryPipeline();
  configureValues(DEFAULT_VALUE_CONFIG);
});

function configureValuesWith(options: Record<string, unknown>): void {
  configureValues(resolveConfig({ options, env: {}, cwd: "/nonexistent", warn: () => {} }));
}

/** The flow_end line as written (the JSON line the files get). */
function flowEnd(): Record<string, unknown> {
  const rec = mem.recs.find((r) => r.kind === K_FLOW_END);
  expect(rec).toBeDefined();
  return JSON.parse(jsonLine(rec!, loggerFragment("t"), "t")) as Record<string, unknown>;
}

describe("annotate() fields are taken at the call", () => {
  it("a change to the object after the call does not reach flow_end", async () => {
    const order = { id: "ord-42", items: ["book"], customer: { tier: "gold" } };
    await flow("checkout", async () => {
      expect(annotate({ order })).toBe(true);
      order.id = "changed";
      order.items.push("pen");
      order.customer.tier = "none";
      await null;
    });
    expect(flowEnd().order).toEqual({ id: "ord-42", items: ["book"], customer: { tier: "gold" } });
  });

  it("configured redaction applies, the caller's object keeps its values", async () => {
    configureValuesWith({ redact: ["password", "*.token"] });
    const fields = { user: "ann", password: "hunter2", session: { token: "t-1", id: 7 } };
    await flow("login", async () => {
      annotate(fields);
    });
    expect(flowEnd()).toMatchObject({ user: "ann", password: "[Redacted]", session: { token: "[Redacted]", id: 7 } });
    expect(fields.password).toBe("hunter2");
    expect(fields.session.token).toBe("t-1");
  });

  it("values are bounded like log.* fields", async () => {
    configureValuesWith({ maxValueLength: 10 });
    await flow("import", async () => {
      annotate({ note: "x".repeat(50) });
    });
    expect(flowEnd().note).toMatch(/^x{10}…\[\+40 chars\]$/);
  });

  it("keys logcrest writes itself are still refused, the others kept", async () => {
    await flow("checkout", async () => {
      annotate({ flow_status: "forged", orderId: "ord-1" });
    });
    const end = flowEnd();
    expect(end.flow_status).toBe("success");
    expect(end.orderId).toBe("ord-1");
  });
});
