/**
 * `__lc`: the only runtime surface that transformed code calls (docs/ARCHITECTURE.md §2).
 * Its names and signatures are a compatibility contract with code built by older and newer
 * versions of the transformer, so they change only with a new key.
 */
import { enter, exit, fail, ret, run } from "./frame";
import { sites } from "./sites";
import { S } from "./state";

/**
 * `state` is the shared runtime state (runtime/state.ts): generated code reads only
 * `state.minLevel`, inline, so a disabled call site makes no call at all
 * (`LEVEL < $lc.state.minLevel ? null : $lc.enter(...)`). It is -1 until the config is
 * resolved, so the first call reaches `enter`, which resolves it; `configure()` updates it.
 */
export const __lc = Object.freeze({ sites, enter, exit, fail, ret, run, state: S });
