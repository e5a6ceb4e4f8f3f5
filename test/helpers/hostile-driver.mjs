// Child process of test/values-hostile.test.ts: runs the property "neither log.* nor a
// tagged call throws or changes what the function returns" over any value, against the
// esbuild-built fixtures/values-hostile/hostile.ts. Prints one JSON summary line.
import { pathToFileURL } from "node:url";

// The bundle carries the fixture, its runtime (__logcrest), the hostile values (hostile) and fast-check (fc).
const mod = await import(pathToFileURL(process.argv[2]).href);
const { anyRecipe, materialize } = mod.hostile;
const fc = mod.fc;
const lc = mod.__logcrest;
lc.configure({ console: false, dir: process.argv[3] });
const runs = Number(process.argv[4] ?? 300);
const failures = [];

async function check(name, fn) {
  try {
    await fc.assert(fc.asyncProperty(anyRecipe, anyRecipe, (a, b) => fn(materialize(a), materialize(b))), { numRuns: runs });
  } catch (err) {
    failures.push(`${name}: ${String(err && err.message).slice(0, 2000)}`);
  }
}

const same = (a, b) => Object.is(a, b);
await check("log.*", async (v, w) => {
  for (const level of ["debug", "info", "warn", "warning", "error", "critical"]) {
    lc.log[level](v, w);
    lc.log[level](v);
    lc.log[level]("message", { f: v, g: w });
  }
  lc.log.exception(v, w);
  lc.log.exception(v);
  lc.log.log(25, v, w);
});
await check("sync tagged call", async (v, w) => {
  if (!same(mod.echo(v, w), v)) throw new Error("echo changed its result");
});
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
await check("async tagged call", async (v) => {
  const tagged = await settle(mod.asyncEcho(v));
  const plain = await settle(mod.plainAsyncEcho(v));
  if ("value" in plain) {
    if (!("value" in tagged) || !same(tagged.value, v)) throw new Error("asyncEcho changed its result");
  } else if (!("error" in tagged) || String(tagged.error) !== String(plain.error)) {
    throw new Error("asyncEcho changed its rejection");
  }
});
await check("throw passes through unchanged", async (v) => {
  let caught = "nothing";
  try {
    mod.thrower(v);
  } catch (err) {
    caught = err;
  }
  if (!same(caught, v)) throw new Error("thrower changed the thrown value");
});
await check("labelFrom=id", async (v) => {
  if (!same(mod.labelled(v), v)) throw new Error("labelled changed its result");
});
await check("labelFrom=0 with a static label", async (v, w) => {
  if (!same(mod.labelledIndex(v, w), w)) throw new Error("labelledIndex changed its result");
});
await check("labelFrom a destructured property", async (v) => {
  if (!same(mod.labelledDestructured({ orderId: v }), v)) throw new Error("labelledDestructured changed its result");
});
await lc.flush();
process.stdout.write(`${JSON.stringify({ failures })}\n`);
