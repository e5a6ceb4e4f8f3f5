/**
 * Robustness over real code: every function with a body in real library sources
 * (fastify, koa, hono, pino, winston, express, router) gets `@logcrest logResult`, and the
 * transform's output must parse, keep every line, and be stable under a second run. This is
 * syntax only; test/esbuild-realworld.test.ts runs instrumented express for behaviour.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { transform } from "../transformer/text/transform";

const NM = path.join(__dirname, "..", "node_modules");
const DIRS = ["fastify/lib", "koa/lib", "hono/dist", "pino/lib", "winston/lib", "express/lib", "router/lib"];

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // a package layout without this folder
    throw err;
  }
  for (const e of entries) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(m?js)$/.test(e) && statSync(p).size < 150_000) out.push(p);
  }
}

const files: string[] = [];
for (const d of DIRS) walk(path.join(NM, d), files);

function tagAll(text: string, file: string): { text: string; count: number } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const at = new Set<number>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && "body" in n && n.body !== undefined && !(n as ts.FunctionDeclaration).asteriskToken) at.add(n.getStart(sf));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = text;
  for (const p of [...at].sort((a, b) => b - a)) out = `${out.slice(0, p)}/** @logcrest logResult */ ${out.slice(p)}`;
  return { text: out, count: at.size };
}

describe("every function of real library code", () => {
  it("finds a real corpus", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("instruments all of it into valid code with the same lines, stable under a second run", () => {
    let functions = 0;
    const failures: string[] = [];
    for (const file of files) {
      const original = readFileSync(file, "utf8");
      const loader = "js";
      const format = file.endsWith(".mjs") || original.includes("export ") ? "esm" : "cjs";
      const { text, count } = tagAll(original, file);
      if (count === 0) continue;
      functions += count;
      const r = transform(text, file, { root: NM, exclude: [] });
      if (r.diagnostics.length > 0) {
        failures.push(`${file}: ${r.diagnostics[0]!.code} ${r.diagnostics[0]!.message}`);
        continue;
      }
      if (r.code.split("\n").length !== text.split("\n").length) failures.push(`${file}: line count changed`);
      try {
        esbuild.transformSync(r.code, { loader, format });
      } catch (err) {
        failures.push(`${file}: ${(err as Error).message.split("\n").slice(0, 3).join(" ")}`);
      }
      if (transform(r.code, file, { root: NM, exclude: [] }).code !== r.code) failures.push(`${file}: second run changed the output`);
    }
    expect(failures).toEqual([]);
    expect(functions).toBeGreaterThan(2000);
  }, 120_000);
});
