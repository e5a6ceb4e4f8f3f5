// Cases 6, 12 and 13: a generated TypeScript project of `count` modules, `tagged` of them (every
// 1/fraction-th) with three tagged functions (sync, async, a flow). Each module imports
// the previous one so the type checker has real work across files.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./build-ours.mjs";

const pad = (i) => String(i).padStart(4, "0");

/** Import specifier of module `i`: extensionless for bundlers and tsc, `.ts` for an app Node runs itself. */
const spec = (i, ext) => `./mod${pad(i)}${ext}`;

function moduleText(i, tagged, ext) {
  const prev = i > 0 ? `import { Service${pad(i - 1)}, type Item${pad(i - 1)} } from "${spec(i - 1, ext)}";\n` : "";
  const tag = (t) => (tagged ? `/** ${t} */\n` : "/** Plain documentation, no tag. */\n");
  const prevUse = i > 0 ? `new Service${pad(i - 1)}().total([{ id: "a", qty: 1, price: 2 } as Item${pad(i - 1)}])` : "0";
  return `${prev}
export interface Item${pad(i)} {
  id: string;
  qty: number;
  price: number;
  tags?: readonly string[];
}

export type Result${pad(i)}<T> = { ok: true; value: T } | { ok: false; error: string };

${tag("@logcrest")}export function price${pad(i)}(items: readonly Item${pad(i)}[]): number {
  let sum = 0;
  for (const it of items) sum += it.qty * it.price;
  return Math.round(sum * 100) / 100;
}

${tag("@logcrest debug")}export async function load${pad(i)}(id: string): Promise<Result${pad(i)}<Item${pad(i)}>> {
  await Promise.resolve();
  return id === "" ? { ok: false, error: "empty id" } : { ok: true, value: { id, qty: 1, price: ${i} } };
}

${tag("@flow order")}export async function order${pad(i)}(ids: string[]): Promise<number> {
  const loaded = await Promise.all(ids.map((id) => load${pad(i)}(id)));
  const items = loaded.flatMap((r) => (r.ok ? [r.value] : []));
  return price${pad(i)}(items) + ${prevUse};
}

export class Service${pad(i)} {
  private readonly cache = new Map<string, number>();
  total(items: readonly Item${pad(i)}[]): number {
    const key = items.map((x) => x.id).join(",");
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const value = items.reduce((a, x) => a + x.qty * x.price, 0);
    this.cache.set(key, value);
    return value;
  }
}
`;
}

/**
 * The entry of the app that `app: true` projects run (case 12): it imports every module,
 * notes when its first line runs, then proves what ran: one call of each module's `price`
 * (2 records where that function is tagged and instrumented, none otherwise).
 */
const APP_MAIN = `import { configure, flush } from "logcrest";
import * as all from "./index.ts";

const loadedMs = performance.now();
configure({ dir: process.env.LC_BENCH_LOGS, console: false });
let called = 0;
for (const [name, mod] of Object.entries(all)) {
  (mod as Record<string, (items: unknown[]) => number>)[\`price\${name.slice(1)}\`]([{ id: "a", qty: 1, price: 2 }]);
  called++;
}
await flush();
console.log(\`@@app \${JSON.stringify({ loadedMs, modules: Object.keys(all).length, called })}\`);
`;

/**
 * Writes the project under `dir`: src/mod*.ts, src/index.ts (imports every module, the
 * esbuild entry), tsconfig.json for tspc (with or without the transformer), and
 * node_modules/logcrest linked to this repository. Returns the expected tagged functions.
 * `app: true` makes it an ES module app that Node (type stripping) or tsx runs as it is:
 * `.ts` import specifiers, `"type": "module"`, src/main.ts, and tsx linked too.
 */
export function generateProject(dir, { count = 1000, taggedEvery = 10, app = false } = {}) {
  const ext = app ? ".ts" : "";
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(REPO, join(dir, "node_modules/logcrest"), "dir");
  let taggedModules = 0;
  const lines = [];
  for (let i = 0; i < count; i++) {
    const tagged = taggedEvery > 0 && i % taggedEvery === 0;
    if (tagged) taggedModules++;
    writeFileSync(join(dir, "src", `mod${pad(i)}.ts`), moduleText(i, tagged, ext));
    lines.push(`export * as m${pad(i)} from "${spec(i, ext)}";`);
  }
  writeFileSync(join(dir, "src/index.ts"), `${lines.join("\n")}\n`);
  if (app) {
    writeFileSync(join(dir, "src/main.ts"), APP_MAIN);
    // `--import tsx` resolves from the app's folder, as in a user's project.
    symlinkSync(join(REPO, "node_modules/tsx"), join(dir, "node_modules/tsx"), "dir");
  }
  for (const withPlugin of [false, true]) {
    const tsconfig = {
      compilerOptions: {
        target: "es2022",
        module: "commonjs",
        moduleResolution: "node10",
        strict: true,
        skipLibCheck: true,
        rootDir: "src",
        outDir: withPlugin ? "out-plugin" : "out-plain",
        types: [],
        lib: ["es2022"],
        ignoreDeprecations: "6.0",
        plugins: withPlugin ? [{ transform: "logcrest/transformer" }] : [],
      },
      include: ["src"],
    };
    writeFileSync(join(dir, withPlugin ? "tsconfig.plugin.json" : "tsconfig.plain.json"), JSON.stringify(tsconfig, null, 2));
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "lc-bench-build", private: true, type: app ? "module" : "commonjs" }));
  return { count, taggedModules, taggedFunctions: taggedModules * 3 };
}
