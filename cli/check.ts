/**
 * `logcrest check [paths]`: lists every tagged function and validates the tags with the
 * build's own analysis core (transformer/core/analyze.ts, loaded from the build package
 * `@logcrest/build`, which carries the compiler), so what passes here compiles, and a
 * bad tag is reported exactly as the build would report it: `file:line:col: LC001 message`.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { levelName } from "../runtime/levels";
import { requireBuild } from "../entries/build-package";
import type * as Core from "../transformer/core/analyze";
import type { Diagnostic, FunctionPlan } from "../transformer/core/plan";
import { sourceFiles } from "./source-walk";
import { escapeControl, type Painter, safeJson } from "./terminal";

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly painter: Painter;
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
}

export interface CheckOutput {
  out(text: string): void;
  err(text: string): void;
}

interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

/** What a tag turned into, in the words of the tag (`level=WARNING logArgs labelFrom=id redact=password`). */
export function describeOptions(plan: FunctionPlan): string {
  const parts = [`level=${levelName(plan.level)}`];
  if (plan.label !== undefined) parts.push(`label=${plan.label}`);
  if (plan.labelFrom !== undefined) parts.push(`labelFrom=${plan.labelFrom.option}`);
  if (plan.logArgs) parts.push("logArgs");
  if (plan.logResult) parts.push("logResult");
  if (plan.redact !== undefined) parts.push(`redact=${plan.redact.option}`);
  return parts.join(" ");
}

/** The shape of the tagged function: `async arrow`, `constructor`, `function`. */
export function describeShape(plan: FunctionPlan): string {
  const shape = plan.isConstructor ? "constructor" : plan.isArrow ? "arrow" : "function";
  return plan.isAsync ? `async ${shape}` : shape;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === "" || rel.startsWith("..") ? path : rel).split(sep).join("/");
}

export function runCheck(opts: CheckOptions, io: CheckOutput): number {
  const { analyze } = requireBuild("core", "logcrest check") as typeof Core;
  const files = sourceFiles(opts.paths.length === 0 ? ["."] : opts.paths);
  const functions: (FunctionPlan & { kindTag: string; shape: string; options: string })[] = [];
  const problems: Problem[] = [];
  let filesWithTags = 0;

  for (const path of files) {
    const file = shown(path, opts.cwd);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      problems.push({ file, line: 1, column: 1, code: "LC000", message: `cannot read file: ${(err as Error).message}` });
      continue;
    }
    const result = analyze(text, file, { root: opts.cwd });
    if (result.plans.length > 0) filesWithTags++;
    for (const plan of result.plans) {
      functions.push({ ...plan, file, kindTag: `@${plan.kind}`, shape: describeShape(plan), options: describeOptions(plan) });
    }
    for (const d of result.diagnostics as readonly Diagnostic[]) {
      problems.push({ file, line: d.line, column: d.column, code: d.code, message: d.message });
    }
  }

  if (opts.json) {
    io.out(
      `${safeJson(
        {
          functions: functions.map((f) => ({
            file: f.file,
            line: f.line,
            column: f.column,
            name: f.name,
            tag: f.kindTag,
            shape: f.shape,
            level: levelName(f.level),
            label: f.label ?? null,
            labelFrom: f.labelFrom?.option ?? null,
            logArgs: f.logArgs,
            logResult: f.logResult,
            // As written, and as the build resolved it: each path from its argument index.
            redact: f.redact === undefined ? null : { option: f.redact.option, paths: f.redact.paths },
          })),
          problems,
          files: files.length,
        },
        2,
      )}\n`,
    );
    return problems.length > 0 ? 1 : 0;
  }

  const p = opts.painter;
  const lines = functions.map(
    (f) =>
      `${p.dim(escapeControl(`${f.file}:${f.line}`))}  ${p.bold(escapeControl(f.name))}  ${p.cyan(f.kindTag)}  ${f.shape}  ${escapeControl(f.options)}`,
  );
  lines.push(
    `${functions.length} tagged function(s) in ${filesWithTags} file(s); ${files.length} file(s) checked` +
      (problems.length > 0 ? `; ${p.red(`${problems.length} problem(s)`)}` : `; ${p.green("all tags valid")}`),
  );
  io.out(`${lines.join("\n")}\n`);
  for (const d of problems) {
    io.err(`${escapeControl(`${d.file}:${d.line}:${d.column}`)}: ${p.red(d.code)} ${escapeControl(d.message)}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}
