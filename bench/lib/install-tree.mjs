// Case 14: what an npm install put on disk. The packages in a node_modules tree (nested and
// scoped ones too) and its size, so a run can prove that a production install holds only
// what it should, and no compiler anywhere in it.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Every installed package under `nodeModules`, at any depth: `{ name, version, path }`. */
export function installedPackages(nodeModules) {
  const found = [];
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(".")) continue; // .bin, .package-lock.json, .cache
      const path = join(dir, entry);
      if (entry.startsWith("@")) {
        visit(path); // a scope: its folders are packages
        continue;
      }
      if (!lstatSync(path).isDirectory()) continue;
      const manifest = join(path, "package.json");
      if (existsSync(manifest)) {
        const { name, version } = JSON.parse(readFileSync(manifest, "utf8"));
        found.push({ name, version, path: relative(nodeModules, path) });
      }
      visit(join(path, "node_modules"));
    }
  };
  visit(nodeModules);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Bytes of every regular file under `dir` (links not followed): the apparent size. */
export function treeBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const st = lstatSync(join(dir, name));
    if (st.isFile()) total += st.size;
  }
  return total;
}

/** What `du -sk` says `dir` takes on disk, in bytes (blocks, so a little more than treeBytes). */
export function diskBytes(dir) {
  return Number(execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split(/\s/)[0]) * 1024;
}
