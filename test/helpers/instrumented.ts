/**
 * Tagged TypeScript, instrumented by the real text emitter (what the esbuild plugin and the
 * loaders run) and then imported, so runtime tests run exactly the code the transformer
 * emits instead of a hand-copied shape that drifts from it. `"logcrest"` in the source,
 * and the runtime import the emitter adds, resolve to runtime/index.ts of this tree, so the
 * test and the instrumented code share one runtime.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { transform } from "../../esbuild-plugin/index";

const REPO = path.join(__dirname, "..", "..");
const RUNTIME = path.join(REPO, "runtime", "index.ts");
const OUT = path.join(REPO, "test", ".out", "instrumented");

export interface Instrumented<T> {
  module: T;
  /** The file name records carry (relative to the build root). */
  file: string;
  /** What the emitter produced. */
  code: string;
  /** The 1-based line of the first line of `source` containing `text`. */
  lineOf(text: string): number;
}

/** Instruments `source` as `<name>.ts` and imports it. `name` must be unique per test file. */
export async function instrumented<T>(name: string, source: string): Promise<Instrumented<T>> {
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.ts`);
  const code = source.replaceAll('from "logcrest"', `from ${JSON.stringify(RUNTIME)}`);
  const result = transform(code, file, { root: OUT, runtime: RUNTIME });
  if (result.diagnostics.length > 0) throw new Error(`instrumenting ${name}: ${JSON.stringify(result.diagnostics)}`);
  if (result.code === code) throw new Error(`instrumenting ${name}: the emitter changed nothing`);
  writeFileSync(file, result.code);
  const lines = source.split("\n");
  return {
    module: (await import(file)) as T,
    file: `${name}.ts`,
    code: result.code,
    lineOf: (text) => {
      const i = lines.findIndex((l) => l.includes(text));
      if (i < 0) throw new Error(`no line with ${text}`);
      return i + 1;
    },
  };
}
