/**
 * `__lc`: the only runtime surface that transformed code calls (docs/ARCHITECTURE.md §2).
 * Its names and signatures are a compatibility contract with code built by older and newer
 * versions of the transformer, so they change only with a new key.
 */
import { enter, exit, fail, ret, run } from "./frame";
import { sites } from "./sites";

export const __lc = Object.freeze({ sites, enter, exit, fail, ret, run });
