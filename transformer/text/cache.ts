/**
 * A persistent cache of transformed files, shared by every text-emitter path (esbuild plugin
 * and the other adapters).
 *
 * A cold build pays for loading TypeScript (~0.2 s) and for parsing every tagged file with
 * a compiler whose code is not yet warm; on a project whose plain esbuild build takes
 * 0.2 s that is the whole difference (bench/, case 6). Rebuilds of unchanged files need
 * none of it: the output of a file depends only on its text, its project-relative path,
 * the plugin options and the plugin's own code, so it is stored under a hash of those.
 *
 * Entries are written to a temporary name and renamed, so concurrent builds never read a
 * half-written entry. A file with bad tags is never cached: its errors are reported by a
 * fresh analysis every time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export interface TransformCache {
  /** The stored output for `key`: contents, or "" for "nothing to instrument". */
  get(key: string): string | undefined;
  set(key: string, contents: string): void;
  key(relativePath: string, text: string): string;
}

/**
 * Identifies the code that produces the output: the package version plus the size and
 * modification time of every compiled file of the transform, so a rebuilt or upgraded
 * plugin never reads entries written by another one.
 */
function codeStamp(): string {
  const hash = createHash("sha1");
  const here = __dirname; // dist/cjs/transformer/text, or transformer/text/ when run from source
  for (const dir of [here, path.join(here, "..", "core")]) {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(?:js|ts)$/.test(name)) continue;
      const st = statSync(path.join(dir, name));
      hash.update(`${name}:${st.size}:${st.mtimeMs}\n`);
    }
  }
  // The runtime contract (levels, flags, generated names) shapes the output too.
  for (const name of ["contract.js", "contract.ts"]) {
    try {
      const st = statSync(path.join(here, "..", "..", "runtime", name));
      hash.update(`runtime/${name}:${st.size}:${st.mtimeMs}\n`);
    } catch {
      // compiled or source layout: one of the two exists
    }
  }
  hash.update(packageVersion(here));
  return hash.digest("hex");
}

/** Our own package.json, found upwards from `dir`. */
function packageVersion(dir: string): string {
  for (let d = dir, i = 0; i < 5; i++, d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(d, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "logcrest" || pkg.name === "@logcrest/build") return String(pkg.version);
    } catch {
      // no package.json at this level: look one up
    }
  }
  return "unknown";
}

let stamp: string | undefined;

/**
 * The cache under `dir`, or undefined when it cannot be used (no such directory can be
 * made): the plugin then simply transforms every time.
 */
export function diskCache(dir: string, optionsKey: string): TransformCache | undefined {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }
  stamp ??= codeStamp();
  const prefix = `${stamp}\0${optionsKey}\0`;
  let failedWrites = 0;
  return {
    key(relativePath, text) {
      return createHash("sha1").update(prefix).update(relativePath).update("\0").update(text).digest("hex");
    },
    get(key) {
      try {
        return readFileSync(path.join(dir, key), "utf8");
      } catch {
        return undefined; // not cached yet
      }
    },
    set(key, contents) {
      if (failedWrites > 3) return; // a read-only or full disk: stop trying, builds still work
      const file = path.join(dir, key);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, contents);
        renameSync(tmp, file);
      } catch {
        failedWrites++;
      }
    },
  };
}

/** `<root>/node_modules/.cache/logcrest`, where build tools keep their caches. */
export function defaultCacheDir(root: string): string | undefined {
  const modules = path.join(root, "node_modules");
  try {
    return statSync(modules).isDirectory() ? path.join(modules, ".cache", "logcrest") : undefined;
  } catch {
    return undefined;
  }
}

/** The options of a text-emitter adapter that decide its cache (every adapter takes these). */
export interface CacheOptions {
  readonly include?: string | readonly string[];
  readonly exclude?: string | readonly string[];
  readonly minLevel?: string | number;
  readonly runtime?: string;
  readonly cache?: string | false;
}

/**
 * The cache an adapter uses for `options`: `cache: false` none, a directory (relative to
 * `root`), or by default `<root>/node_modules/.cache/logcrest`. Every adapter shares it:
 * the key holds everything in the options that changes the output, not the tool.
 */
export function openCache(options: CacheOptions, root: string): TransformCache | undefined {
  if (options.cache === false) return undefined;
  const dir = options.cache ?? defaultCacheDir(root);
  if (dir === undefined) return undefined;
  const optionsKey = JSON.stringify([options.include ?? null, options.exclude ?? null, options.minLevel ?? null, options.runtime ?? null, root]);
  return diskCache(path.resolve(root, dir), optionsKey);
}
