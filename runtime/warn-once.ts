/**
 * Node warnings the runtime emits once per process (nested flows, config problems). The
 * set of keys already warned lives on the shared state, so two copies of the package do
 * not warn twice.
 */
import { S } from "./state";

/** Emits `message` as a warning with `code`, unless one with the same code and key was emitted. */
export function warnOnce(code: string, key: string, message: string): void {
  const k = `${code} ${key}`;
  if (S.warned.has(k)) return;
  S.warned.add(k);
  process.emitWarning(message, { code });
}
