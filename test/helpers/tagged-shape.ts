/**
 * The instrumented shape the transformer emits (docs/ARCHITECTURE.md §1), written once for
 * tests that drive the runtime without a build: wrap a plain body with the site it stands for.
 */
import { __lc } from "../../runtime/generated";
import type { Site } from "../../runtime/record";

/** A sync tagged function. */
export function syncShape<A extends unknown[], R>(site: Site, body: (...a: A) => R): (...a: A) => R {
  return (...a: A) => {
    const $f = __lc.enter(site);
    try {
      return body(...a);
    } catch ($e) {
      __lc.fail($f, $e);
      throw $e;
    } finally {
      __lc.exit($f);
    }
  };
}

/** An async tagged function: the body runs in the frame's context. */
export function asyncShape<A extends unknown[], R>(site: Site, body: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const $f = __lc.enter(site);
    return await __lc.run($f, async () => {
      try {
        return await body(...a);
      } catch ($e) {
        __lc.fail($f, $e);
        throw $e;
      } finally {
        __lc.exit($f);
      }
    });
  };
}
