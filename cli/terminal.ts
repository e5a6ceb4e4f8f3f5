/**
 * Terminal output helpers for the CLI: colour decisions and escaping of untrusted text.
 *
 * Everything drawn comes from log files, and log files carry user data (request ids end up
 * in flow ids, error messages in `flow_error`). A log line must never be able to move the
 * cursor, rewrite the screen or forge an extra output line, so every data string passes
 * through `escapeControl()` before it is printed.
 */

import { escapeJsonText } from "../runtime/format/escape";

// Untrusted text made printable on one terminal line (`\x1b[31m` shows as text): the one
// escaper of every output, runtime/format/escape.ts (C0, DEL, C1, bidi controls, U+2028/9).
export { escapeControl } from "../runtime/format/escape";

/**
 * JSON for machines that may still end up on a terminal (`--json | less`): JSON.stringify
 * already escapes C0 controls; this also escapes DEL, C1, the bidi controls and U+2028/9
 * (still valid JSON, the same values).
 */
export function safeJson(value: unknown, indent?: number): string {
  return escapeJsonText(JSON.stringify(value, null, indent));
}

/**
 * Colour on or off, by the usual conventions: `NO_COLOR` (non-empty) turns it off,
 * `FORCE_COLOR` turns it on unless it is `0` or `false`, else colour only on a TTY.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return stream.isTTY === true;
}

export interface Painter {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function sgr(enabled: boolean, open: number, close: number): (text: string) => string {
  if (!enabled) return (text) => text;
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

export function painter(enabled: boolean): Painter {
  return {
    enabled,
    green: sgr(enabled, 32, 39),
    red: sgr(enabled, 31, 39),
    yellow: sgr(enabled, 33, 39),
    cyan: sgr(enabled, 36, 39),
    dim: sgr(enabled, 2, 22),
    bold: sgr(enabled, 1, 22),
  };
}
