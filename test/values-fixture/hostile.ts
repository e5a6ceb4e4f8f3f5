// Tagged functions for the "never a throw into the app" property test (test/values-hostile.test.ts),
// built through the esbuild plugin. Each returns (or throws) exactly what it was given.
import { log } from "logcrest";

/** @logcrest logArgs logResult */
export function echo(v: unknown, w?: unknown): unknown {
  log.info("inside echo", { v, w });
  return v;
}

/** @logcrest logArgs logResult */
export async function asyncEcho(v: unknown): Promise<unknown> {
  await null;
  return v;
}

/** The same body untagged: what the language itself does with the value (a revoked Proxy as a result rejects). */
export async function plainAsyncEcho(v: unknown): Promise<unknown> {
  await null;
  return v;
}

/** @logcrest logArgs */
export function thrower(v: unknown): never {
  throw v;
}

/** @flow labelFrom=id */
export function labelled(id: unknown): unknown {
  return echo(id);
}

/** @flow logArgs labelFrom=0 */
export function labelledIndex(id: unknown, extra: unknown): unknown {
  return extra;
}

/** @flow logArgs labelFrom=orderId */
export function labelledDestructured({ orderId }: { orderId: unknown }): unknown {
  return orderId;
}
