// OpenTelemetry: one span per call (BasicTracerProvider + BatchSpanProcessor), exported to
// an exporter that only counts, so the case measures span creation, context propagation
// and batching, not any I/O. Trace ids propagate through the AsyncLocalStorage context manager.
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { AlsContextManager } from "../lib/otel-context.mjs";
import { body } from "../lib/workload.mjs";

export const label = "OpenTelemetry span per call (BatchSpanProcessor, no-op exporter)";

export function makeTracer() {
  const exported = { spans: 0 };
  const exporter = {
    export(spans, done) {
      exported.spans += spans.length;
      done({ code: 0 });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AlsContextManager());
  trace.setGlobalTracerProvider(provider);
  return { tracer: provider.getTracer("bench"), provider, exported };
}

export async function setup() {
  const { tracer, provider, exported } = makeTracer();
  const sync = (x) =>
    tracer.startActiveSpan("work", (span) => {
      try {
        return body(x);
      } finally {
        span.end();
      }
    });
  const async = (x) =>
    tracer.startActiveSpan("work", async (span) => {
      try {
        await null;
        return body(x);
      } finally {
        span.end();
      }
    });
  return {
    sync,
    async,
    recordsPerCall: 1,
    unit: "spans exported",
    close: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
    count: () => exported.spans,
  };
}
