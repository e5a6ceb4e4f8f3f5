/**
 * `logcrest`: the runtime API (README: Install).
 *
 * Importing this module installs the pipeline builder (runtime/lifecycle.ts); nothing is
 * opened or written until the first record.
 *
 * Every value export is declared as a constant here, never re-exported with
 * `export { x } from "./y"`: tsc compiles a re-export to a getter on `exports`, each getter
 * call costs on every `logcrest_1.log.info(...)` / `import_logcrest.__lc.enter(...)` in
 * CommonJS code, and a few of them turn the whole exports object into a slow dictionary
 * (measured: a disabled tagged call in an esbuild CommonJS bundle went from ~17 ns, to ~9 ns
 * with the hot names as constants, over an uninstrumented one; with every name a constant
 * the object keeps fast properties).
 */
import * as levels from "./levels";
import * as logApi from "./log";
import * as context from "./context";
import * as flows from "./flow-api";
import * as ids from "./ids";
import * as lifecycle from "./lifecycle";
import * as handlers from "./handlers/index";
import * as generated from "./generated";
import * as annotations from "./annotate";
import * as traceHeadersApi from "./trace/headers";
import * as otlp from "./trace/otlp-handler";

export const DEBUG = levels.DEBUG;
export const INFO = levels.INFO;
export const WARNING = levels.WARNING;
export const ERROR = levels.ERROR;
export const CRITICAL = levels.CRITICAL;
export const levelName = levels.levelName;
export const parseLevel = levels.parseLevel;

export const log = logApi.log;
export const __lc = generated.__lc;

export const currentTraceId = context.currentTraceId;
export const currentFlowId = context.currentFlowId;
export const currentTimeline = context.currentTimeline;
export const traceHeaders = traceHeadersApi.traceHeaders;

export const flow = flows.flow;
export const annotate = annotations.annotate;
export const openFlow = flows.openFlow;
export const runInFlow = flows.runInFlow;
export const closeFlow = flows.closeFlow;
export const cleanLabel = ids.cleanLabel;

export const configure = lifecycle.configure;
export const flush = lifecycle.flush;
export const shutdown = lifecycle.shutdown;

export const fileHandler = handlers.fileHandler;
export const consoleHandler = handlers.consoleHandler;
export const formatJson = handlers.formatJson;
export const formatText = handlers.formatText;
export const otlpHandler = otlp.otlpHandler;

export type { LevelName } from "./levels";
export type { Fields, Logger } from "./log";
export type { FlowHandle, FlowOptions, OpenFlowOptions } from "./flow-api";
export type { FlowOutcome } from "./flow-state";
export type {
  Handler,
  HandlerFunction,
  HandlerObject,
  Formatter,
  LogRecord,
  FileHandlerOptions,
  ConsoleHandlerOptions,
} from "./handlers/index";
export type { LogcrestOptions } from "./config";
export type { TraceHeaders } from "./trace/headers";
export type { OtlpHandlerOptions } from "./trace/otlp-handler";
