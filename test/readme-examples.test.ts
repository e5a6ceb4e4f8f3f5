/**
 * Every code block of README.md is built and run here, so the examples cannot drift from
 * the package. How each block is tested is written above it (`<!-- example: KIND ... -->`,
 * the convention in test/helpers/readme-blocks.ts): complete programs are built through
 * the esbuild plugin and run in a project of their own that resolves `logcrest` to this
 * package (dist, as `npm test` builds it); fragments are type-checked against the
 * package's .d.ts and built through the plugin; shell lines run, with `npm install` served
 * from this repository's node_modules (no network).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bunBinary } from "./helpers/bun";
import { BLOCK_KINDS, fillFragment, readmeBlocksOf, type ReadmeBlock } from "./helpers/readme-blocks";

const repo = resolve(__dirname, "..");
const out = join(repo, "test", ".out", "readme");
const fixtures = join(repo, "test", "readme-fixtures");
const blocks = readmeBlocksOf(join(repo, "README.md"));
const requireRepo = createRequire(join(repo, "package.json"));

const CODE_LANGS = new Set(["ts", "js", "mjs", "cjs"]);

function where(b: ReadmeBlock): string {
  return `README.md:${b.line} (\`\`\`${b.lang})`;
}

/** Runs a command; on failure the error carries its output, so a red test says why. */
function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(file, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${[file, ...args].join(" ")} in ${cwd} failed: ${e.message}\n--- stdout\n${e.stdout ?? ""}\n--- stderr\n${e.stderr ?? ""}`);
  }
}

/** `node_modules/.bin/<name>` running `script` with this node, as npm links a package's bin. */
function linkBin(dir: string, name: string, script: string): void {
  const bin = join(dir, "node_modules", ".bin", name);
  writeFileSync(bin, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$@"\n`);
  chmodSync(bin, 0o755);
}

/** A fresh project folder whose node_modules has this package as `logcrest` (and the bins of both packages). */
function makeProject(name: string, fixture: string | undefined): string {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (fixture !== undefined) cpSync(join(fixtures, fixture), dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `readme-${name}`, private: true, type: "module" }));
  }
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(repo, join(dir, "node_modules", "logcrest"), "dir");
  linkBin(dir, "logcrest", join(repo, "dist/cjs/cli/main.js"));
  linkBin(dir, "logcrest-tspc", join(repo, "packages/build/dist/transformer/ts-patch/tspc-launcher.js"));
  return dir;
}

/** The esbuild plugin of this package, as a user gets it. */
function pluginOf(): (options?: Record<string, unknown>) => unknown {
  return (requireRepo(join(repo, "dist/cjs/esbuild-plugin/index.js")) as { default: (o?: Record<string, unknown>) => unknown }).default;
}

async function bundle(entry: string, outfile: string | undefined, cwd: string): Promise<void> {
  const esbuild = requireRepo("esbuild") as typeof import("esbuild");
  await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    write: outfile !== undefined,
    outfile: outfile ?? join(cwd, "unused.mjs"),
    logLevel: "silent",
    plugins: [pluginOf()({ cache: false }) as import("esbuild").Plugin],
  });
}

/** `npm install a b -D` lines: each named package must already be in this repo's node_modules. */
function checkInstallLine(line: string, b: ReadmeBlock): void {
  const names = line
    .replace(/#.*/, "")
    .trim()
    .split(/\s+/)
    .slice(2)
    .filter((w) => !w.startsWith("-"));
  for (const name of names) {
    if (name === "logcrest") continue;
    const bare = name.replace(/(.)@.*$/, "$1");
    expect(() => requireRepo.resolve(`${bare}/package.json`), `${where(b)}: ${bare} is not a dependency of this repo`).not.toThrow();
  }
}

/**
 * A folder whose `bun` is the real binary: node_modules/.bin/bun may be npm's placeholder
 * when bun's install script did not run (test/helpers/bun.ts).
 */
let bunBin: string | undefined;
function bunOnPath(): string {
  if (bunBin === undefined) {
    // Made anew by each run: a link left by an earlier install may name a placeholder now.
    bunBin = join(out, "bun-bin");
    rmSync(bunBin, { recursive: true, force: true });
    mkdirSync(bunBin, { recursive: true });
    symlinkSync(bunBinary(), join(bunBin, "bun"));
  }
  return bunBin;
}

function runShell(b: ReadmeBlock, dir: string): void {
  const lines: string[] = [];
  for (const line of b.code.split("\n")) {
    if (/^\s*npm (install|i|add)\b/.test(line)) checkInstallLine(line, b);
    else lines.push(line);
  }
  const script = `set -e\nnpx() { "$@"; }\n${lines.join("\n")}\n`;
  const path = [join(dir, "node_modules", ".bin"), bunOnPath(), join(repo, "node_modules", ".bin"), dirname(process.execPath), process.env.PATH].join(":");
  exec("bash", ["-c", script], dir, { PATH: path });
}

async function runBlock(b: ReadmeBlock, dir: string): Promise<void> {
  if (b.lang === "sh" || b.lang === "bash") {
    runShell(b, dir);
  } else {
    const file = b.attrs.file ?? (b.lang === "ts" ? "main.ts" : b.lang === "json" || b.lang === "jsonc" ? "config.json" : "main.mjs");
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, b.code);
    if (b.attrs.runner === "bun") {
      exec(bunBinary(), [path], dir);
    } else if (b.lang === "ts") {
      const built = path.replace(/\.[mc]?ts$/, ".bundle.mjs");
      await bundle(path, built, dir);
      exec(process.execPath, [built], dir);
    } else if (CODE_LANGS.has(b.lang)) {
      exec(process.execPath, [path], dir);
    }
  }
  const then = b.attrs.then;
  if (then !== undefined) runShell({ ...b, code: then.replace(/ && /g, "\n") }, dir);
}

describe("README examples", () => {
  it("every block says how it is tested", () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) {
      expect(b.kind, `${where(b)} needs an <!-- example: KIND --> line above it (test/helpers/readme-blocks.ts)`).toBeDefined();
      expect(BLOCK_KINDS, `${where(b)}: unknown kind ${b.kind}`).toContain(b.kind);
      if (b.kind === "skip") {
        expect(b.lang, `${where(b)}: only shell blocks may be skipped; ts and js are at least "check"`).toMatch(/^(sh|bash)$/);
        expect(b.attrs.reason ?? "", `${where(b)}: a skip says why (reason="...")`).not.toBe("");
      }
      if (b.kind === "text" || b.kind === "record") expect(CODE_LANGS.has(b.lang), `${where(b)}: code cannot be "${b.kind}"`).toBe(false);
      if (b.attrs.fixture !== undefined) expect(existsSync(join(fixtures, b.attrs.fixture)), `${where(b)}: fixture ${b.attrs.fixture}`).toBe(true);
    }
  });

  it("sample records are one JSON object each", () => {
    const samples = blocks.filter((b) => b.kind === "record");
    expect(samples.length).toBeGreaterThan(0);
    for (const b of samples) {
      const value = JSON.parse(b.code.replace(/\n\s*/g, "")) as unknown;
      expect(typeof value === "object" && value !== null && !Array.isArray(value), where(b)).toBe(true);
    }
  });

  it("fragments type-check against the package's types and build through the plugin", async () => {
    const fragments = blocks.filter((b) => b.kind === "check");
    expect(fragments.length).toBeGreaterThan(0);
    const dir = makeProject("check", undefined);
    const files: string[] = [];
    const failures: string[] = [];
    for (const b of fragments) {
      const file = `block-${b.line}.${b.lang === "ts" ? "ts" : "mjs"}`;
      writeFileSync(join(dir, file), fillFragment(b.code));
      files.push(file);
      await bundle(join(dir, file), undefined, dir).catch((err: Error) => {
        failures.push(`${where(b)} does not build through the plugin: ${err.message}`);
      });
    }
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [join(repo, "node_modules", "@types")],
        },
        files: files.filter((f) => f.endsWith(".ts")),
      }),
    );
    // Errors name block-<line>.ts: the README line of the fence.
    try {
      exec(process.execPath, [requireRepo.resolve("typescript/lib/tsc.js"), "-p", "tsconfig.json"], dir);
    } catch (err) {
      failures.push(`fragments do not type-check: ${(err as Error).message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  const projects = new Map<string, ReadmeBlock[]>();
  for (const b of blocks) {
    if (b.kind !== "run") continue;
    const name = b.attrs.project ?? `line-${b.line}`;
    projects.set(name, [...(projects.get(name) ?? []), b]);
  }
  for (const [name, list] of projects) {
    it(`project "${name}" (README lines ${list.map((b) => b.line).join(", ")}) builds and runs`, async () => {
      const dir = makeProject(name, list.find((b) => b.attrs.fixture !== undefined)?.attrs.fixture);
      for (const b of list) {
        try {
          await runBlock(b, dir);
        } catch (err) {
          throw new Error(`${where(b)}: ${(err as Error).message}`);
        }
      }
    }, 180_000);
  }
});
