/**
 * `file` in records (SPEC §8): relative to the project root, `/`-separated, also for a
 * file above the root; the same text on every machine and in every checkout.
 */
import { describe, expect, it } from "vitest";
import { projectFile } from "../transformer/core/options";
import { analyze } from "../transformer/core/analyze";

describe("projectFile", () => {
  it("is relative to the root, inside and above it", () => {
    expect(projectFile("/work/app/src/orders.ts", "/work/app")).toBe("src/orders.ts");
    expect(projectFile("src/orders.ts", "/work/app")).toBe("src/orders.ts");
    expect(projectFile("/work/shared/util.ts", "/work/app")).toBe("../shared/util.ts");
    expect(projectFile("/elsewhere/x.ts", "/work/app")).toBe("../../elsewhere/x.ts");
  });

  it("plans carry it, so records never hold the build machine's directories", () => {
    const { plans } = analyze("/** @logcrest */\nexport function f() {}\n", "/home/ci/checkout/shared/util.ts", {
      root: "/home/ci/checkout/app",
    });
    expect(plans[0]!.file).toBe("../shared/util.ts");
  });
});
