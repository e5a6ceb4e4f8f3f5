/**
 * `logcrest`: the runtime API (SPEC §1).
 *
 * Importing this module installs the pipeline builder (runtime/lifecycle.ts); nothing is
 * opened or written until the first record.
 */
export { CRITICAL, DEBUG, ERROR, INFO, WARNING, levelName, parseLevel } from "./levels";
export type { LevelName } from "./levels";
export { log } from "./log";
export type { Fields, Logger } from "./log";
export { currentFlowId, currentTimeline, currentTraceId } from "./context";
export { flow, openFlow, runInFlow, closeFlow } from "./flow-api";
export type { FlowHandle, FlowOptions, OpenFlowOptions } from "./flow-api";
export type { FlowOutcome } from "./flow-state";
export { cleanLabel } from "./ids";
export { configure, flush, shutdown } from "./lifecycle";
export { __lc } from "./generated";
export { fileHandler, consoleHandler, formatJson, formatText } from "./handlers/index";
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
