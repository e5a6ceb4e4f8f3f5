/**
 * The CommonJS exports of `logcrest` are plain data properties. A getter (what tsc emits
 * for `export { x } from "./y"`) runs on every `import_logcrest.__lc.enter(...)` of
 * generated CommonJS code, and a few of them turn the exports object into a slow
 * dictionary: the disabled-level bench measured ~9 ns instead of ~3 ns per call.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const runtime = join(__dirname, "..", "dist", "cjs", "runtime", "index.js");

describe("runtime exports", () => {
  it("are data properties, and the exports object keeps fast properties", () => {
    const script = `
      const m = require(${JSON.stringify(runtime)});
      const getters = Object.entries(Object.getOwnPropertyDescriptors(m)).filter(([, d]) => d.get).map(([k]) => k);
      console.log(JSON.stringify({ getters, fast: %HasFastProperties(m), hot: typeof m.__lc.enter + typeof m.log.info }));
    `;
    const r = spawnSync(process.execPath, ["--allow-natives-syntax", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ getters: [], fast: true, hot: "functionfunction" });
  });
});
