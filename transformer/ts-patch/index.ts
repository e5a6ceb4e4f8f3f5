/**
 * `logcrest/transformer`: the ts-patch source transformer.
 *
 *   tsconfig.json: "plugins": [{ "transform": "logcrest/transformer", "minLevel": "info" }]
 *   build:         tspc -p .      (or tsc after `ts-patch install`)
 *
 * A thin adapter: the analysis core (analyze.ts) finds the tagged functions, validates
 * the tags and plans each rewrite; this file turns plans into factory nodes of the
 * TypeScript instance ts-patch hands us (never our pinned copy: node kinds and factories
 * must be the compiler's own) and the core's diagnostics into tsc errors. It runs as a
 * `before` transformer, on the TypeScript AST, so tsc's source maps cover our output.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import { analyzeSourceFile } from "../core/analyze";
import { wantsFile } from "../core/gate";
import { pickNames } from "../core/prelude";
import { fileFilter, resolveMinLevel, type FileFilter } from "../core/options";
import { Code, type FunctionPlan } from "../core/plan";
import { globalTsDiagnostic, toTsDiagnostic, TS_CODE_BASE } from "./diagnostics";
import { instrumentFunctions } from "./emit";
import { assertSupportedTypeScript } from "./guard";
import { emitModuleKind, runtimeImportForm } from "./module";
import { withPrelude } from "./prelude";
import { MAX_NESTED_TAGGED, nestedTooDeep } from "./depth";

/** What ts-patch passes a source transformer (ts-patch's `TransformerExtras`, the parts we use). */
export interface TransformerExtras {
  readonly ts: typeof ts;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

/** Fields of the plugin entry in tsconfig (README: Build with esbuild, Troubleshooting), after ts-patch removed its own. */
export interface LogcrestPluginConfig {
  readonly include?: string | readonly string[];
  readonly exclude?: string | readonly string[];
  readonly minLevel?: string | number;
  readonly [key: string]: unknown;
}

/** What the entry point returns: ts-patch's `TransformerBasePlugin` with the `before` phase only. */
export interface LogcrestTransformers {
  readonly before: ts.TransformerFactory<ts.SourceFile>;
}

const OUR_OPTIONS = new Set(["include", "exclude", "minLevel"]);
/** Options ts-patch itself reads and still passes through to the transformer. */
const TS_PATCH_OPTIONS = new Set(["transform", "import", "isEsm", "tsConfig", "resolvePathAliases", "after", "afterDeclarations", "type", "transformProgram", "name"]);

/** The ts-patch entry point (`type: "program"`, the default). */
export default function logcrestTransformer(
  program: ts.Program,
  pluginConfig: LogcrestPluginConfig | undefined,
  extras: TransformerExtras | undefined,
): LogcrestTransformers {
  if (extras === undefined || typeof extras.addDiagnostic !== "function" || extras.ts === undefined) {
    throw new Error(
      `logcrest/transformer: ts-patch did not pass the compiler (extras). Use the default plugin type: ` +
        `"plugins": [{ "transform": "logcrest/transformer" }] without "type".`,
    );
  }
  const tsi = extras.ts;
  assertSupportedTypeScript(tsi.version);
  const config = pluginConfig ?? {};
  const options = program.getCompilerOptions();
  // `file` in records and the include/exclude globs are relative to the tsconfig's directory.
  const configPath = typeof options.configFilePath === "string" ? options.configFilePath : undefined;
  const root = configPath !== undefined ? path.dirname(configPath) : program.getCurrentDirectory();
  const setup = readConfig(config, root);
  if (typeof setup === "string") {
    extras.addDiagnostic(globalTsDiagnostic(tsi, setup));
    return { before: () => (sf) => sf };
  }
  const { filter, minLevel } = setup;

  // Only `before`: an entry with "after" or "afterDeclarations" makes ts-patch look for that
  // key, find none and stop the build, rather than run us on already-lowered JavaScript.
  const before: ts.TransformerFactory<ts.SourceFile> = (ctx) => (sf) => {
    // Our own output (a second run, or JS built by us and compiled again) stays as it is.
    if (sf.isDeclarationFile || !wantsFile(sf.text, path.resolve(sf.fileName), filter)) return sf;
    // Tags live in the user's source: analyze the parse tree even when a transformer
    // listed before us already rebuilt the file (its replaced functions are then reported).
    const parsed = tsi.getOriginalNode(sf);
    const result = analyzeSourceFile(tsi.isSourceFile(parsed) ? parsed : sf, { root, minLevel }, tsi);
    for (const d of result.diagnostics) extras.addDiagnostic(toTsDiagnostic(tsi, sf, d));
    if (result.plans.length === 0 && result.logCalls.length === 0) return sf;
    const deep = nestedTooDeep(result.plans);
    if (deep !== undefined) {
      const { plan } = deep;
      const start = plan.fnStart;
      const { line, character } = sf.getLineAndCharacterOfPosition(start);
      extras.addDiagnostic(
        toTsDiagnostic(tsi, sf, {
          code: Code.TooDeep,
          message: `'${plan.name}' is tagged function number ${deep.depth} nested in one another; tspc can emit at most ${MAX_NESTED_TAGGED} (TypeScript's emitter runs out of stack beyond that): untag some of the inner ones, or build this file with the esbuild plugin`,
          file: sf.fileName,
          line: line + 1,
          column: character + 1,
          start,
          length: Math.max(1, Math.min(plan.fnEnd, plan.bodyStart) - start),
        }),
      );
      return sf;
    }
    const form = runtimeImportForm(tsi, emitModuleKind(tsi, program, sf));
    if (form === undefined) {
      extras.addDiagnostic(
        globalTsDiagnostic(tsi, `module kind ${tsi.ModuleKind[emitModuleKind(tsi, program, sf)]} is not supported: use CommonJS or ES module output`, sf),
      );
      return sf;
    }
    // Seeded by the project-relative path, so a build names things the same on every machine.
    const file = result.plans[0]?.file ?? result.logCalls[0]!.file;
    const names = pickNames(sf.text, file);
    const emitted = instrumentFunctions(tsi, ctx, sf, result.plans, result.logCalls, names);
    for (const plan of emitted.unmatched) reportUnmatched(tsi, extras, sf, plan);
    return withPrelude(tsi, ctx, emitted.sourceFile, result.plans, result.logCalls, names, file, form, result.module!.preludeAt);
  };
  return { before };
}

/** A plan whose function is gone from the tree: never skip a tagged function silently. */
function reportUnmatched(tsi: typeof ts, extras: TransformerExtras, sf: ts.SourceFile, plan: FunctionPlan): void {
  extras.addDiagnostic({
    file: sf,
    start: plan.fnStart,
    length: Math.max(1, Math.min(plan.fnEnd, plan.bodyStart) - plan.fnStart),
    category: tsi.DiagnosticCategory.Error,
    code: TS_CODE_BASE,
    source: "logcrest",
    messageText: `[logcrest] '${plan.name}' could not be instrumented: another transformer replaced it before logcrest ran; put logcrest/transformer first in "plugins"`,
  });
}

interface Setup {
  readonly filter: FileFilter;
  readonly minLevel: number;
}

/** Validates the plugin entry; a problem comes back as the message of a tsc error. */
function readConfig(config: LogcrestPluginConfig, root: string): Setup | string {
  const unknown = Object.keys(config).filter((k) => !OUR_OPTIONS.has(k) && !TS_PATCH_OPTIONS.has(k));
  if (unknown.length > 0) {
    return `unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")} in the tsconfig plugin entry; allowed: include, exclude, minLevel`;
  }
  for (const key of ["include", "exclude"] as const) {
    const v = config[key];
    if (v !== undefined && typeof v !== "string" && !(Array.isArray(v) && v.every((g) => typeof g === "string"))) {
      return `"${key}" in the tsconfig plugin entry must be a glob or an array of globs, got ${JSON.stringify(v)}`;
    }
  }
  let minLevel: number;
  try {
    minLevel = resolveMinLevel(config.minLevel);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return err.message;
  }
  return { filter: fileFilter({ include: config.include, exclude: config.exclude, root }), minLevel };
}
