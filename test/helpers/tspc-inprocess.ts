/**
 * The transformer driven in-process, the way ts-patch drives it (`factory(program, config,
 * { ts, addDiagnostic })`, result used as a `before` transformer), over files kept in
 * memory. For unit-level checks that need the SourceFile objects themselves.
 */
import * as ts from "typescript";
import logcrestTransformer, { type LogcrestPluginConfig } from "../../transformer/ts-patch/index";

export interface InProcessResult {
  /** Emitted files by name (`/virtual/out/a.js` → text). */
  readonly outputs: Map<string, string>;
  readonly diagnostics: ts.Diagnostic[];
  /** For every source file the transformer saw: whether it handed back the very same node. */
  readonly unchanged: Map<string, boolean>;
}

export const VIRTUAL_ROOT = "/virtual";

export function emitInProcess(
  files: Record<string, string>,
  options: ts.CompilerOptions,
  config: LogcrestPluginConfig | false = {},
  /** `before` transformers that run ahead of ours (another plugin listed first). */
  earlier: ts.TransformerFactory<ts.SourceFile>[] = [],
): InProcessResult {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    outDir: `${VIRTUAL_ROOT}/out`,
    rootDir: VIRTUAL_ROOT,
    skipLibCheck: true,
    noLib: true,
    types: [],
    configFilePath: `${VIRTUAL_ROOT}/tsconfig.json`,
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const paths = new Map(Object.entries(files).map(([p, t]) => [`${VIRTUAL_ROOT}/${p}`, t]));
  const outputs = new Map<string, string>();
  host.fileExists = (f) => paths.has(f);
  host.readFile = (f) => paths.get(f);
  host.getSourceFile = (f, languageVersion) => {
    const text = paths.get(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, languageVersion, true);
  };
  host.writeFile = (f, text) => outputs.set(f, text);
  host.getCurrentDirectory = () => VIRTUAL_ROOT;
  const program = ts.createProgram({ rootNames: [...paths.keys()], options: compilerOptions, host });
  const diagnostics: ts.Diagnostic[] = [];
  const unchanged = new Map<string, boolean>();
  const before: ts.TransformerFactory<ts.SourceFile>[] = [...earlier];
  if (config !== false) {
    const factory = logcrestTransformer(program, config, { ts, addDiagnostic: (d) => diagnostics.push(d) }).before;
    before.push((ctx) => {
      const transform = factory(ctx);
      return (sf) => {
        const out = transform(sf);
        unchanged.set(sf.fileName, out === sf);
        return out;
      };
    });
  }
  const result = program.emit(undefined, undefined, undefined, false, { before });
  diagnostics.push(...result.diagnostics);
  return { outputs, diagnostics, unchanged };
}
