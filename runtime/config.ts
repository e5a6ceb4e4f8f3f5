/**
 * Configuration (README: Configuration). For each setting the first source that sets it wins:
 *
 *   configure({...})  >  LOGCREST_* environment  >  log_config.json in the cwd  >  defaults
 *
 * | option        | environment            | log_config.json  | default      |
 * |---------------|------------------------|------------------|--------------|
 * | `dir`         | LOGCREST_DIR           | base_log_dir     | "logs"       |
 * | `json`        | LOGCREST_JSON          | use_json         | true         |
 * | `name`        | LOGCREST_NAME          | log_name         | "app_logger" |
 * | `level`       | LOGCREST_LEVEL         | log_level        | DEBUG        |
 * | `maxSize`     | LOGCREST_MAX_SIZE      | max_log_size     | 5242880      |
 * | `backupCount` | LOGCREST_BACKUP_COUNT  | backup_count     | 3            |
 * | `queueSize`   | LOGCREST_QUEUE_SIZE    | max_queue_size   | 0 (no bound) |
 * | `maxValueLength` | LOGCREST_MAX_VALUE_LENGTH | max_value_length | 16384 chars |
 * | `maxDepth`    | LOGCREST_MAX_DEPTH     | max_depth        | 16           |
 * | `maxItems`    | LOGCREST_MAX_ITEMS     | max_items        | 1000         |
 * | `maxKeys`     | LOGCREST_MAX_KEYS      | max_keys         | 1000         |
 * | `maxRecordSize` | LOGCREST_MAX_RECORD_SIZE | max_record_size | 262144 bytes |
 * | `maxQueueBytes` | LOGCREST_MAX_QUEUE_BYTES | max_queue_bytes | 134217728  |
 * | `redact`      |                        |                  | [] (paths, or { paths, censor }) |
 * | `propagate`   | LOGCREST_PROPAGATE     | propagate        | false        |
 * | `otel`        | LOGCREST_OTEL          | otel             | false        |
 * | `console`     | LOGCREST_CONSOLE       |                  | true         |
 * | `files`       | LOGCREST_FILES         |                  | true         |
 * | `signals`     |                        |                  | true         |
 * | `handlers`    |                        |                  | []           |
 *
 * `console`: true (text on stderr, INFO and up), false (off) or "json" (every record,
 * flows included, as JSON lines on stdout: what container platforms collect).
 * `files: false` writes no log files. `signals: false` installs no SIGTERM/SIGINT/SIGHUP
 * listener (lifecycle.ts).
 *
 * Problems never throw: a malformed or unreadable config file, an unknown key, an unknown
 * level or a value of the wrong type each give a Node warning (`process.emitWarning`, codes
 * below) and the setting's default. Numeric level strings (`"30"`) are levels; a negative
 * queue size means no bound, as in the Python original.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEBUG, LEVEL_WORDS, levelName, parseLevel } from "./levels";
import type { Handler } from "./handlers/types";
import { isHandler } from "./handlers/user";
import { DEFAULT_VALUE_CONFIG } from "./capture";
import { parseRedactPath, type RedactPath } from "./redact";

export const WARN_CONFIG_INVALID = "LOGCREST_CONFIG_INVALID";
export const WARN_UNKNOWN_KEY = "LOGCREST_CONFIG_UNKNOWN_KEY";
export const WARN_INVALID_VALUE = "LOGCREST_CONFIG_INVALID_VALUE";
export const WARN_UNKNOWN_LEVEL = "LOGCREST_UNKNOWN_LEVEL";

export const CONFIG_FILE = "log_config.json";

/** What `configure()` takes. */
export interface LogcrestOptions {
  /** Base directory of the log files. */
  dir?: string;
  /** JSON lines (true) or the text layout (false) in files. */
  json?: boolean;
  /** The `logger` field. */
  name?: string;
  /** Least level recorded: a name (`"info"`, `"warn"`), a number, or a numeric string. */
  level?: string | number;
  /** Bytes per file before rotation; 0: no rotation. */
  maxSize?: number;
  /** Rotated files kept (`.1` .. `.N`); 0: no rotation. */
  backupCount?: number;
  /** Records the queue holds before dropping; 0: no bound. */
  queueSize?: number;
  /** Characters kept of one string value (and of a message); the cut is marked `…[+N chars]`. */
  maxValueLength?: number;
  /** Nesting levels kept of a logged object; deeper ones show as `"[Object]"`. */
  maxDepth?: number;
  /** Elements kept of one array, Set or Map; the cut is marked `"…[+N items]"`. */
  maxItems?: number;
  /** Keys kept of one object; the cut is marked with key `"…"`. */
  maxKeys?: number;
  /** Largest record, in bytes of its line; default 262144 (256 KiB). */
  maxRecordSize?: number;
  /** Bytes the queue holds before it drops (and reports) records; default 128 MiB. */
  maxQueueBytes?: number;
  /**
   * Paths censored in fields, `logArgs` arguments and `logResult` values before they are
   * queued, pino-style (`"password"`, `"headers.authorization"`, `"*.token"`); or
   * `{ paths, censor }` to replace them with something other than `"[Redacted]"`.
   */
  redact?: readonly string[] | { readonly paths: readonly string[]; readonly censor?: string };
  /** Console output: true (text on stderr), false (none) or "json" (JSON lines on stdout, every record). */
  console?: boolean | "json";
  /** Log files under `dir`; false writes none (a container that collects stdout). */
  files?: boolean;
  /** Flush on SIGTERM/SIGINT/SIGHUP when the app has no listener of its own; false: leave signals alone. */
  signals?: boolean;
  /** Extra outputs (handlers/types.ts). */
  handlers?: readonly Handler[];
  /** Outgoing fetch / http(s) requests inside a trace carry `traceparent` (runtime/trace/propagate.ts). */
  propagate?: boolean;
  /** Flows and tagged calls are also spans of the app's OpenTelemetry provider (runtime/trace/otel.ts). */
  otel?: boolean;
}

export interface ResolvedConfig {
  dir: string;
  json: boolean;
  name: string;
  level: number;
  maxSize: number;
  backupCount: number;
  queueSize: number;
  maxValueLength: number;
  maxDepth: number;
  maxItems: number;
  maxKeys: number;
  maxRecordSize: number;
  maxQueueBytes: number;
  /** Parsed redaction paths. */
  redact: readonly RedactPath[];
  censor: string;
  /** true: text on stderr, INFO and up; "json": JSON lines on stdout, every record; false: none. */
  console: boolean | "json";
  files: boolean;
  signals: boolean;
  handlers: readonly Handler[];
  propagate: boolean;
  otel: boolean;
}

export type Warn = (message: string, code: string) => void;

type Kind = "string" | "boolean" | "level" | "count" | "queue" | "positive" | "console";

interface Setting {
  option: keyof LogcrestOptions;
  env: string | undefined;
  /** The log_config.json key, for the settings the Python original has. */
  file: string | undefined;
  kind: Kind;
  fallback: string | boolean | number;
}

const SETTINGS: readonly Setting[] = [
  { option: "dir", env: "LOGCREST_DIR", file: "base_log_dir", kind: "string", fallback: "logs" },
  { option: "json", env: "LOGCREST_JSON", file: "use_json", kind: "boolean", fallback: true },
  { option: "name", env: "LOGCREST_NAME", file: "log_name", kind: "string", fallback: "app_logger" },
  { option: "level", env: "LOGCREST_LEVEL", file: "log_level", kind: "level", fallback: DEBUG },
  { option: "maxSize", env: "LOGCREST_MAX_SIZE", file: "max_log_size", kind: "count", fallback: 5242880 },
  { option: "backupCount", env: "LOGCREST_BACKUP_COUNT", file: "backup_count", kind: "count", fallback: 3 },
  { option: "queueSize", env: "LOGCREST_QUEUE_SIZE", file: "max_queue_size", kind: "queue", fallback: 0 },
  { option: "maxValueLength", env: "LOGCREST_MAX_VALUE_LENGTH", file: "max_value_length", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxValueLength },
  { option: "maxDepth", env: "LOGCREST_MAX_DEPTH", file: "max_depth", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxDepth },
  { option: "maxItems", env: "LOGCREST_MAX_ITEMS", file: "max_items", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxItems },
  { option: "maxKeys", env: "LOGCREST_MAX_KEYS", file: "max_keys", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxKeys },
  { option: "maxRecordSize", env: "LOGCREST_MAX_RECORD_SIZE", file: "max_record_size", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxRecordSize },
  { option: "maxQueueBytes", env: "LOGCREST_MAX_QUEUE_BYTES", file: "max_queue_bytes", kind: "positive", fallback: DEFAULT_VALUE_CONFIG.maxQueueBytes },
  { option: "console", env: "LOGCREST_CONSOLE", file: undefined, kind: "console", fallback: true },
  { option: "files", env: "LOGCREST_FILES", file: undefined, kind: "boolean", fallback: true },
  { option: "signals", env: undefined, file: undefined, kind: "boolean", fallback: true },
  { option: "propagate", env: "LOGCREST_PROPAGATE", file: "propagate", kind: "boolean", fallback: false },
  { option: "otel", env: "LOGCREST_OTEL", file: "otel", kind: "boolean", fallback: false },
];

export const OPTION_KEYS: readonly string[] = [...SETTINGS.map((s) => s.option), "redact", "handlers"];
const FILE_KEYS: readonly string[] = SETTINGS.flatMap((s) => (s.file === undefined ? [] : [s.file]));

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** Parses one value; `undefined` means invalid. Strings are accepted for every kind (env values are strings). */
function parse(kind: Kind, value: unknown): string | boolean | number | undefined {
  switch (kind) {
    case "string":
      return typeof value === "string" && value !== "" ? value : undefined;
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string") {
        const word = value.trim().toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
      }
      return undefined;
    case "level":
      return parseLevel(value);
    case "console": {
      // true, false, "json"; as text (the environment) only those three words.
      if (typeof value === "boolean") return value;
      const word = typeof value === "string" ? value.trim().toLowerCase() : undefined;
      return word === "json" ? "json" : word === "true" ? true : word === "false" ? false : undefined;
    }
    case "count":
    case "positive":
    case "queue": {
      let n: number | undefined;
      if (typeof value === "number") n = value;
      else if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) n = Number(value);
      if (n === undefined || !Number.isSafeInteger(n)) return undefined;
      if (n < 0) return kind === "queue" ? 0 : undefined;
      if (n === 0 && kind === "positive") return undefined;
      return n;
    }
  }
}

function expected(kind: Kind): string {
  switch (kind) {
    case "string":
      return "a non-empty string";
    case "boolean":
      return "true or false";
    case "level":
      return `a level (${LEVEL_WORDS.join(", ")}, or a number)`;
    case "count":
      return "a non-negative integer";
    case "queue":
      return "an integer";
    case "positive":
      return "a positive integer";
    case "console":
      return 'true, false or "json"';
  }
}

function show(value: unknown): string {
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Reads log_config.json; an absent file is no file, anything else wrong is warned about. */
export function readConfigFile(cwd: string, warn: Warn): Record<string, unknown> {
  const path = join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    warn(`${path} cannot be read (${(err as Error).message}); using the defaults`, WARN_CONFIG_INVALID);
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    warn(`${path} is not valid JSON (${(err as Error).message}); using the defaults`, WARN_CONFIG_INVALID);
    return {};
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    warn(`${path} must hold a JSON object; using the defaults`, WARN_CONFIG_INVALID);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (FILE_KEYS.includes(key)) out[key] = value;
    else warn(`${path}: unknown key "${key}" ignored; known keys: ${FILE_KEYS.join(", ")}`, WARN_UNKNOWN_KEY);
  }
  return out;
}

export interface ConfigSources {
  options: LogcrestOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  warn: Warn;
}

export function resolveConfig({ options, env, cwd, warn }: ConfigSources): ResolvedConfig {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) {
      warn(`configure(): unknown option "${key}" ignored; known options: ${OPTION_KEYS.join(", ")}`, WARN_UNKNOWN_KEY);
    }
  }
  const file = readConfigFile(cwd, warn);
  const values: Record<string, string | boolean | number> = {};
  for (const s of SETTINGS) {
    let raw: unknown;
    let source: string;
    const fromEnv = s.env === undefined ? undefined : env[s.env];
    if (options[s.option] !== undefined) {
      raw = options[s.option];
      source = `configure({ ${s.option} })`;
    } else if (fromEnv !== undefined && fromEnv !== "") {
      raw = fromEnv;
      source = s.env!;
    } else if (s.file !== undefined && file[s.file] !== undefined) {
      raw = file[s.file];
      source = `${CONFIG_FILE} ${s.file}`;
    } else {
      values[s.option] = s.fallback;
      continue;
    }
    const parsed = parse(s.kind, raw);
    if (parsed !== undefined) {
      values[s.option] = parsed;
      continue;
    }
    const fallback = s.kind === "level" ? levelName(s.fallback as number) : show(s.fallback);
    if (s.kind === "level") {
      warn(`unknown log level ${show(raw)} from ${source}; using ${fallback}`, WARN_UNKNOWN_LEVEL);
    } else {
      warn(`invalid value ${show(raw)} from ${source} (expected ${expected(s.kind)}); using ${fallback}`, WARN_INVALID_VALUE);
    }
    values[s.option] = s.fallback;
  }
  const handlers: Handler[] = [];
  if (options.handlers !== undefined) {
    if (!Array.isArray(options.handlers)) {
      warn(`configure({ handlers }) must be an array; no handlers added`, WARN_INVALID_VALUE);
    } else {
      options.handlers.forEach((h: unknown, i: number) => {
        if (isHandler(h)) handlers.push(h);
        else warn(`configure({ handlers }): handler #${i} is neither a function nor an object with handle(); ignored`, WARN_INVALID_VALUE);
      });
    }
  }
  const { paths: redact, censor } = resolveRedact(options.redact, warn);
  return {
    dir: values.dir as string,
    json: values.json as boolean,
    name: values.name as string,
    level: values.level as number,
    maxSize: values.maxSize as number,
    backupCount: values.backupCount as number,
    queueSize: values.queueSize as number,
    maxValueLength: values.maxValueLength as number,
    maxDepth: values.maxDepth as number,
    maxItems: values.maxItems as number,
    maxKeys: values.maxKeys as number,
    maxRecordSize: values.maxRecordSize as number,
    maxQueueBytes: values.maxQueueBytes as number,
    redact,
    censor,
    propagate: values.propagate as boolean,
    otel: values.otel as boolean,
    console: values.console as boolean | "json",
    files: values.files as boolean,
    signals: values.signals as boolean,
    handlers,
  };
}

/** `redact: [...]` or `{ paths, censor }`: each path parsed once; a bad one is warned about and skipped. */
function resolveRedact(option: unknown, warn: Warn): { paths: string[][]; censor: string } {
  const censorDefault = "[Redacted]";
  if (option === undefined) return { paths: [], censor: censorDefault };
  let list: unknown = option;
  let censor = censorDefault;
  if (typeof option === "object" && option !== null && !Array.isArray(option)) {
    const o = option as { paths?: unknown; censor?: unknown };
    list = o.paths ?? [];
    if (o.censor !== undefined) {
      if (typeof o.censor === "string") censor = o.censor;
      else warn(`invalid value ${show(o.censor)} from configure({ redact: { censor } }) (expected a string); using "${censorDefault}"`, WARN_INVALID_VALUE);
    }
  }
  if (!Array.isArray(list)) {
    warn(`configure({ redact }) must be an array of paths or { paths, censor }; nothing redacted`, WARN_INVALID_VALUE);
    return { paths: [], censor };
  }
  const paths: string[][] = [];
  for (const p of list) {
    const parsed = typeof p === "string" ? parseRedactPath(p) : undefined;
    if (parsed !== undefined) paths.push(parsed);
    else warn(`configure({ redact }): ${show(p)} is not a path (e.g. "password", "headers.authorization", "*.token"); ignored`, WARN_INVALID_VALUE);
  }
  return { paths, censor };
}
