/**
 * When the pipeline is built, rebuilt and closed.
 *
 * - Importing this module installs `S.build`: the hot core builds the pipeline through it on
 *   the first record, so an app that never logs opens nothing.
 * - `configure()` before the first record only records the options (and sets the level);
 *   after it, the old pipeline is drained and closed synchronously before the new one is
 *   built on the next record: no record is written twice, none is lost, and the old and
 *   new outputs never write to one file at the same time.
 * - A final synchronous flush runs on process `exit`, which Node emits on a normal end, on
 *   `process.exit()` and after an uncaught exception.
 * - SIGTERM, SIGINT and SIGHUP end a process without `exit`, so queued records would be
 *   lost (SIGTERM is how every container stops). Unless `signals: false`, a listener for
 *   each is installed with the pipeline (signal-exit's pattern). When the signal comes and
 *   ours is the only listener, it flushes synchronously, removes itself and re-raises the
 *   signal: the process still ends by that signal, as it would have. When the app has a
 *   listener of its own, ours does nothing: the app decides, and if it exits, the exit
 *   flush writes what is left.
 *
 * The state lives on a global symbol, like runtime/state.ts, so a second copy of this
 * module (a bundled copy) configures the same pipeline.
 */
import { configureValues } from "./capture";
import { resolveConfig, type LogcrestOptions, type ResolvedConfig } from "./config";
import { fileStamp } from "./format/timestamp";
import { createPipeline } from "./create-pipeline";
import { S, type Pipeline } from "./state";
import { setOtel } from "./trace/otel";
import { setPropagation } from "./trace/propagate";
import { warnOnce } from "./warn-once";

interface LifecycleState {
  options: LogcrestOptions;
  config: ResolvedConfig | undefined;
  /** `YYYYMMDD_HHMMSS` of the first build: a rebuild keeps writing to the same files. */
  stamp: string | undefined;
  /** Pipelines still closing asynchronously (shutdown()): the exit flush finishes them. */
  closing: Set<Pipeline>;
  /** Our signal listeners while installed (one per signal, shared by every copy of the runtime). */
  signalListeners?: Map<NodeJS.Signals, () => void>;
}

const KEY = Symbol.for("logcrest.lifecycle.v1");
type Holder = { [KEY]?: LifecycleState };
const L: LifecycleState = ((globalThis as Holder)[KEY] ??= {
  options: {},
  config: undefined,
  stamp: undefined,
  closing: new Set<Pipeline>(),
});

/** Each distinct warning once per process (a rebuild re-reads the config). */
function warn(message: string, code: string): void {
  warnOnce(code, message, message);
}

function resolved(): ResolvedConfig {
  if (L.config === undefined) {
    L.config = resolveConfig({ options: L.options, env: process.env, cwd: process.cwd(), warn });
  }
  S.minLevel = L.config.level;
  configureValues(L.config);
  setPropagation(L.config.propagate);
  setOtel(L.config.otel);
  return L.config;
}

function onExit(): void {
  for (const closing of L.closing) closing.closeSync();
  L.closing.clear();
  S.pipeline?.exitFlush();
}

function installExitHook(): void {
  if (S.exitHookInstalled) return;
  S.exitHookInstalled = true;
  process.on("exit", onExit);
}

export const FLUSHED_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];

function onSignal(signal: NodeJS.Signals): void {
  // The app listens too: it decides what happens (and its exit runs the exit flush).
  if (process.listenerCount(signal) > 1) return;
  try {
    onExit();
  } finally {
    removeSignalHooks();
    // No listener is left, so Node restores the default action: the process ends by the
    // signal, with the status a parent expects (128 + n), as it would have without us.
    process.kill(process.pid, signal);
  }
}

function installSignalHooks(): void {
  if (L.signalListeners !== undefined) return;
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of FLUSHED_SIGNALS) {
    const listener = (): void => onSignal(signal);
    try {
      process.on(signal, listener);
      listeners.set(signal, listener);
    } catch {
      // A platform without this signal: nothing to flush for.
    }
  }
  L.signalListeners = listeners;
}

function removeSignalHooks(): void {
  const listeners = L.signalListeners;
  if (listeners === undefined) return;
  L.signalListeners = undefined;
  for (const [signal, listener] of listeners) process.removeListener(signal, listener);
}

/** The live pipeline, built from the resolved config if there is none yet. */
export function ensurePipeline(): Pipeline {
  if (S.pipeline !== undefined) return S.pipeline;
  // A shutdown() still closing would write to the same files as the new outputs: finish it
  // first, so the files never have two writers and keep their order.
  for (const closing of L.closing) closing.closeSync();
  L.closing.clear();
  const config = resolved();
  L.stamp ??= fileStamp(new Date());
  const pipeline = createPipeline(config, { stamp: L.stamp });
  S.pipeline = pipeline;
  installExitHook();
  if (config.signals) installSignalHooks();
  return pipeline;
}

/**
 * Sets options (merged over earlier `configure()` calls; `undefined` leaves a setting as
 * it was). See runtime/config.ts for the options and their priority over the environment
 * and log_config.json.
 */
export function configure(options: LogcrestOptions = {}): void {
  if (typeof options !== "object" || options === null) {
    warn(`configure() takes an options object, got ${String(options)}; ignored`, "LOGCREST_CONFIG_INVALID_VALUE");
    return;
  }
  const merged: Record<string, unknown> = { ...L.options };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) merged[key] = value;
  }
  L.options = merged as LogcrestOptions;
  L.config = undefined;
  if (!resolved().signals) removeSignalHooks();
  const old = S.pipeline;
  if (old !== undefined) {
    // Unhook first: a record logged while the old outputs close goes to the new pipeline.
    S.pipeline = undefined;
    old.closeSync();
  }
}

/** Resolves when every record queued so far is written and every handler has flushed. */
export function flush(): Promise<void> {
  const pipeline = S.pipeline;
  return pipeline === undefined ? Promise.resolve() : pipeline.flush();
}

/** Flushes and closes files and handlers. A later record starts the outputs again. */
export async function shutdown(): Promise<void> {
  const pipeline = S.pipeline;
  if (pipeline === undefined) return;
  S.pipeline = undefined;
  L.closing.add(pipeline);
  try {
    await pipeline.close();
  } finally {
    L.closing.delete(pipeline);
  }
}

S.build = ensurePipeline;
