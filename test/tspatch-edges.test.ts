/**
 * Forms that only the TypeScript path meets in this shape: a `.tsx` file (JSX is lowered
 * by tsc after us), a function in a `namespace` (tsc wraps it in an IIFE after us), a file
 * with a `"use strict"` directive (the prelude goes after it), and a tagged function
 * nested inside another (each `return` uses its own frame).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, unexpectedStderr, type TsProject } from "./helpers/tspc-project";

const VIEW_TSX = `"use strict";
declare global {
  namespace JSX {
    interface IntrinsicElements {
      [name: string]: unknown;
    }
  }
}
const h = (tag: string, props: unknown, ...children: unknown[]) => ({ tag, props, children });

/** @logcrest logResult */
export function view(title: string) {
  return <p class="t">{title}</p>;
}

export namespace Billing {
  /** @logcrest */
  export function total(xs: number[]): number {
    return xs.reduce((a, b) => a + b, 0);
  }
}

/** @logcrest logResult */
export function outer(n: number): number {
  /** @logcrest logResult */
  const inner = (m: number): number => {
    return m * 10;
  };
  return inner(n) + 1;
}
`;

const MAIN_TS = `import { view, Billing, outer } from "./view.js";
console.log(JSON.stringify([view("hi"), Billing.total([1, 2, 3]), outer(4)]));
`;

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

describe("tsx, namespaces, directives, nested tagged functions", () => {
  it("instrument and behave", () => {
    assertTransformerBuilt();
    const project = makeTsProject({
      output: "cjs",
      compilerOptions: { jsx: "react", jsxFactory: "h" },
      files: { "src/view.tsx": VIEW_TSX, "src/main.ts": MAIN_TS },
    });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    const js = readFileSync(outputPath(project, "src/view.tsx"), "utf8");
    // The directive stays first; the prelude follows tsc's CommonJS header.
    expect(js.startsWith(`"use strict";\n`)).toBe(true);
    expect(js.indexOf("require(\"logcrest\")")).toBeLessThan(js.indexOf("const h ="));

    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([{ tag: "p", props: { class: "t" }, children: ["hi"] }, 6, 41]);
    const records = readRecords(run.logDir);
    expect(records.find((r) => r.function === "view" && "result" in r)).toMatchObject({ result: { tag: "p", props: { class: "t" }, children: ["hi"] }, file: "src/view.tsx", line: 12 });
    expect(records.filter((r) => r.function === "total")).toHaveLength(2);
    const outerExit = records.find((r) => r.function === "outer" && "result" in r)!;
    const innerExit = records.find((r) => r.function === "inner" && "result" in r)!;
    expect(outerExit.result).toBe(41);
    expect(innerExit.result).toBe(40);
    expect(innerExit.message).toMatch(/^\[Nested\] 'inner' finished/);
    expect(innerExit.trace_id).toBe(outerExit.trace_id);
  });
});
