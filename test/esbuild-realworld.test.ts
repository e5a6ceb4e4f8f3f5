/**
 * Real code, every function tagged: the sources of express 5 and its router (CommonJS,
 * sloppy mode, `arguments`, `this`, prototypes, callbacks) are loaded through a plugin
 * that puts `@logcrest logArgs logResult` on every function with a body and calls the
 * composable transform(). The instrumented app must answer requests exactly like the
 * untouched one, and write a record pair per instrumented call.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import * as ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { transform } from "../esbuild-plugin/index";
import { REPO_ROOT } from "../fixtures/build-esbuild";

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), "lc-realworld-"));
afterAll(() => { if (!process.env.KEEP) rmSync(work, { recursive: true, force: true }); });

/** Puts a tag before every non-generator function with a body. */
function tagEverything(text: string, file: string, tag: string): { text: string; count: number } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const at = new Set<number>();
  const visit = (n: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) &&
      n.body !== undefined &&
      (n as ts.FunctionDeclaration).asteriskToken === undefined
    ) {
      at.add(n.getStart(sf));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = text;
  for (const p of [...at].sort((a, b) => b - a)) out = `${out.slice(0, p)}/** ${tag} */ ${out.slice(p)}`;
  return { text: out, count: at.size };
}

const APP = `
const express = require("express");
const app = express();
app.use(express.json());
app.get("/items/:id", (req, res) => res.json({ id: req.params.id, q: req.query.q ?? null }));
app.post("/echo", (req, res) => res.status(201).json({ got: req.body }));
app.get("/boom", () => { throw new Error("handler failed"); });
app.use((err, req, res, next) => res.status(500).json({ error: err.message }));
const server = app.listen(0, "127.0.0.1", async () => {
  const base = "http://127.0.0.1:" + server.address().port;
  const out = [];
  for (const [method, url, body] of [["GET", "/items/7?q=x"], ["POST", "/echo", { a: [1, 2] }], ["GET", "/boom"], ["GET", "/missing"]]) {
    const r = await fetch(base + url, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    out.push([r.status, r.headers.get("content-type"), await r.text()]);
  }
  server.close();
  const lc = globalThis.__lcRuntime;
  if (lc) await lc.flush();
  console.log(JSON.stringify(out));
});
`;

/** `tag` undefined: the untouched build. */
async function buildApp(tag: string | undefined): Promise<{ file: string; tagged: number }> {
  const instrument = tag !== undefined;
  let tagged = 0;
  const plugin: esbuild.Plugin = {
    name: "tag-express",
    setup(build) {
      build.onLoad({ filter: /node_modules[\\/](express|router)[\\/].*\.js$/ }, (args) => {
        const original = readFileSync(args.path, "utf8");
        const { text, count } = tagEverything(original, args.path, tag!);
        const r = transform(text, args.path, { root: REPO_ROOT, include: ["node_modules/**"], exclude: [] });
        if (r.diagnostics.length > 0) throw new Error(`${args.path}: ${r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join("; ")}`);
        tagged += count;
        return { contents: r.code, loader: "js" };
      });
    },
  };
  const variant = tag === undefined ? "plain" : tag.replace(/\W+/g, "-");
  const entry = path.join(work, `app-${variant}.cjs`);
  writeFileSync(entry, (instrument ? 'globalThis.__lcRuntime = require("logcrest"); globalThis.__lcRuntime.configure({ console: false });\n' : "") + APP);
  const outfile = path.join(work, `out-${variant}.cjs`);
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile,
    nodePaths: [path.join(REPO_ROOT, "node_modules")],
    alias: { logcrest: path.join(REPO_ROOT, "runtime/index.ts") },
    plugins: instrument ? [plugin] : [],
    logLevel: "silent",
  });
  return { file: outfile, tagged };
}

describe("express 5 with every function instrumented", () => {
  it("answers exactly like the untouched build and records every call", async () => {
    const plain = await buildApp(undefined);
    const instrumented = await buildApp("@logcrest");
    expect(instrumented.tagged).toBeGreaterThan(150);
    const logs = path.join(work, "logs");
    const a = await run(process.execPath, [plain.file], { timeout: 20_000 });
    const b = await run(process.execPath, [instrumented.file], { timeout: 20_000, env: { ...process.env, LOGCREST_DIR: logs } });
    const expected = JSON.parse(a.stdout) as [number, string, string][];
    expect(expected.map((r) => r[0])).toEqual([200, 201, 500, 404]);
    expect(JSON.parse(b.stdout)).toEqual(expected);
    const read = (kind: string) =>
      (existsSync(path.join(logs, kind)) ? readdirSync(path.join(logs, kind)) : [])
        .map((f) => readFileSync(path.join(logs, kind, f), "utf8"))
        .join("")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as { message: string; file: string });
    const success = read("success");
    const invoking = success.filter((r) => r.message.includes("Invoking")).length;
    const finished = success.filter((r) => / finished in /.test(r.message)).length;
    const crashed = read("error").filter((r) => r.message.includes("crashed after")).length;
    expect(invoking).toBeGreaterThan(100);
    // Every call that started also ended (the router catches the /boom error inside its own frames).
    expect(finished + crashed).toBe(invoking);
    expect(success.every((r) => r.file.startsWith("node_modules/"))).toBe(true);
  }, 60_000);

  it("with logArgs and logResult on every function (arguments, return wrapping) it still answers the same", async () => {
    const plain = await buildApp(undefined);
    const instrumented = await buildApp("@logcrest logArgs logResult");
    const a = await run(process.execPath, [plain.file], { timeout: 20_000 });
    const b = await run(process.execPath, [instrumented.file], { timeout: 20_000, env: { ...process.env, LOGCREST_DIR: path.join(work, "logs-full") } });
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  }, 60_000);
});
