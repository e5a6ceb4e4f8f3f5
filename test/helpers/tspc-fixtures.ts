/**
 * Builds every fixture case (fixtures/<case>/*.ts) with a real `tspc` into one temp
 * project per output format, laid out like the repository (fixtures/<case>/input.ts under
 * the tsconfig's directory), so `file` in records is `fixtures/<case>/input.ts` exactly as
 * in the esbuild build, whose root is the repository.
 */
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "../../fixtures/runner";
import { makeTsProject, REPO_ROOT, runTspc, type OutputKind, type ProcessResult, type TsProject } from "./tspc-project";

/**
 * ESM output runs extensionless relative imports (`./other`, as the fixtures are written
 * for a bundler) through this resolve hook: Node's ESM resolver wants `./other.js`.
 */
export const EXTENSIONLESS_HOOK = join(REPO_ROOT, "test/helpers/tspc-extensionless.mjs");

export interface FixtureBuild {
  readonly project: TsProject;
  readonly build: ProcessResult;
  /** The compiled entry of a case. */
  entry(fixture: string): string;
  /** Node flags a run of this build needs. */
  readonly nodeArgs: string[];
}

export function buildFixturesWithTspc(fixtures: readonly string[], output: Extract<OutputKind, "esnext" | "cjs">): FixtureBuild {
  const project = makeTsProject({
    output,
    files: {},
    include: ["fixtures"],
    compilerOptions: {
      rootDir: ".",
      // The fixtures are written for esbuild, which never type-checks, and some call
      // functions with extra arguments on purpose (`arguments.length`). Type errors are
      // not what this build is about; every logcrest diagnostic is still reported.
      noCheck: true,
      strict: false,
    },
  });
  for (const fixture of fixtures) {
    const from = join(FIXTURES_DIR, fixture);
    const to = join(project.dir, "fixtures", fixture);
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from)) {
      if (file.endsWith(".ts") && !file.startsWith("output.")) copyFileSync(join(from, file), join(to, file));
    }
  }
  const build = runTspc(project.dir);
  return {
    project,
    build,
    entry: (fixture) => join(project.outDir, "fixtures", fixture, "input.js"),
    nodeArgs: output === "cjs" ? [] : ["--import", EXTENSIONLESS_HOOK],
  };
}
