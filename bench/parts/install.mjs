// Case 14: the production install. `npm pack` of the runtime, `npm install --omit=dev` of
// the tarball into an empty project, and what is on disk then; beside it, a development
// install of both tarballs (runtime + @logcrest/build), where the compiler is expected.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../lib/build-ours.mjs";
import { diskBytes, installedPackages, treeBytes } from "../lib/install-tree.mjs";
import { countDirLines, expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { target } from "../lib/targets.mjs";

export const title = "14. Production install: the runtime package alone";

const MiB = 1024 * 1024;

function npm(args, cwd) {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `npm pack` of the package in `dir` (already built: `npm run bench` builds first) and what npm says about the tarball. */
function pack(dir, into) {
  const [info] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", into], dir));
  return { file: join(into, info.filename), size: info.size, unpacked: info.unpackedSize, entries: info.entryCount };
}

function install(tarballs, omitDev) {
  const project = scratchDir("install");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "lc-install-size", version: "1.0.0", private: true }));
  npm(["install", ...(omitDev ? ["--omit=dev"] : []), "--no-audit", "--no-fund", "--prefer-offline", ...tarballs], project);
  const nodeModules = join(project, "node_modules");
  const packages = installedPackages(nodeModules);
  return { project, packages, bytes: treeBytes(nodeModules), disk: diskBytes(nodeModules), compilers: packages.filter((p) => p.name === "typescript") };
}

export async function run() {
  const packs = scratchDir("packs");
  const made = [packs];
  try {
    const runtime = pack(REPO, packs);
    const build = pack(join(REPO, "packages/build"), packs);
    const prod = install([runtime.file], true);
    made.push(prod.project);
    // Proof that the install is the runtime, and that it works: only logcrest, and one record written.
    expectCount("production install: packages in node_modules", 1, prod.packages.length);
    if (prod.packages[0].name !== "logcrest") throw new Error(`production install holds ${prod.packages[0].name}, not logcrest`);
    const logs = join(prod.project, "logs");
    const ran = spawnSync(process.execPath, ["-e", `const l = require("logcrest"); l.configure({ dir: ${JSON.stringify(logs)}, console: false }); l.log.info("installed"); l.flush();`], { cwd: prod.project, encoding: "utf8" });
    if (ran.status !== 0) throw new Error(`the installed runtime failed: ${ran.stderr}`);
    expectCount("production install: records written by the installed runtime", 1, countDirLines(logs));
    const dev = install([runtime.file, build.file], false);
    made.push(dev.project);
    // The detector must see a compiler where one is: the development install has TypeScript 6.
    if (dev.compilers.length === 0) throw new Error("the development install shows no typescript: the detector is broken");
    const row = (what, r, tarball) => ({
      what,
      packages: r.packages.length,
      bytes: r.bytes,
      disk: r.disk,
      compilers: r.compilers.length === 0 ? "none" : r.compilers.map((c) => `typescript@${c.version} (${c.path})`).join(", "),
      tarball,
    });
    return {
      columns: [
        { key: "what", title: "install", align: "left" },
        { key: "packages", title: "packages", format: "int" },
        { key: "bytes", title: "node_modules (files)", format: "mb" },
        { key: "disk", title: "on disk (du -sk, 4 KiB blocks)", format: "mb" },
        { key: "compilers", title: "typescript inside", align: "left" },
        { key: "tarball", title: "tarball(s)", align: "left" },
      ],
      rows: [
        row("`npm install --omit=dev logcrest-<v>.tgz` (production)", prod, `${(runtime.size / 1024).toFixed(0)} KiB packed, ${(runtime.unpacked / 1024).toFixed(0)} KiB unpacked, ${runtime.entries} files`),
        row("`npm install` of both tarballs (development)", dev, `@logcrest/build: ${(build.size / 1024).toFixed(0)} KiB packed, ${build.entries} files`),
      ],
      legend:
        "The runtime tarball from `npm pack` of the built repository, installed with npm into an empty project; sizes are of node_modules after the install: the files' bytes (the 1 MB budget, as test/pack.test.ts checks it) and `du -sk`, which rounds every small file up to a disk block. " +
        "Every package at any depth of node_modules is listed from its package.json; the production install must hold logcrest alone, and its `require(\"logcrest\")` must write a record. " +
        "The development row installs the build package too, and must show its TypeScript (a check that the detector finds one).",
      targets: [
        target("14-size", "production install ≤ 1 MB (files in node_modules)", prod.bytes / MiB, 1, { unit: "MiB" }),
        target("14-compiler", "production install holds no typescript", prod.compilers.length, 0, { unit: "copies of typescript" }),
      ],
      raw: { runtime, build, prod: { packages: prod.packages, bytes: prod.bytes, disk: prod.disk }, dev: { packages: dev.packages.length, bytes: dev.bytes, disk: dev.disk, compilers: dev.compilers } },
    };
  } finally {
    for (const d of made) removeDir(d);
  }
}
