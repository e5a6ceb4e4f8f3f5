// Types for bench/lib/install-tree.mjs (used by test/bench-smoke.test.ts).
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** Folder relative to the node_modules that was searched. */
  readonly path: string;
}
export declare function installedPackages(nodeModules: string): InstalledPackage[];
export declare function treeBytes(dir: string): number;
export declare function diskBytes(dir: string): number;
