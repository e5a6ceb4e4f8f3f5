/** Resolved configs and a collecting reporter for tests that build a pipeline directly. */
import { DEFAULT_VALUE_CONFIG } from "../../runtime/capture";
import type { ResolvedConfig } from "../../runtime/config";
import { onceReporter, type Reporter } from "../../runtime/handlers/report";
import { DEBUG } from "../../runtime/levels";

/** Files only, everything from DEBUG, the defaults otherwise. */
export function testConfig(dir: string, over: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    dir,
    json: true,
    name: "app_logger",
    propagate: false,
    otel: false,
    level: DEBUG,
    maxSize: 5242880,
    backupCount: 3,
    queueSize: 0,
    ...DEFAULT_VALUE_CONFIG,
    console: false,
    files: true,
    signals: true,
    handlers: [],
    ...over,
  };
}

/** A reporter with its own once-set, collecting what it would print. */
export function collectingReporter(): { messages: string[]; report: Reporter } {
  const messages: string[] = [];
  return { messages, report: onceReporter((t) => messages.push(t), new Set()) };
}
