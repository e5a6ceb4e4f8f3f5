// Scenarios for test/runtime-*.test.ts that must run in a process of their own: real exits
// (process.exit, uncaught exceptions), the real config sources (env, log_config.json) and
// the process-wide lifecycle. Usage: node runtime-child.cjs <scenario>
"use strict";
const lc = require(process.env.LOGCREST_TEST_RUNTIME);
const { log, configure, flush, shutdown, flow } = lc;
const scenario = process.argv[2];
const out = (value) => process.stdout.write(JSON.stringify(value) + "\n");

const scenarios = {
  // 20,000 records, then process.exit() in the same tick: the exit flush must write them all.
  exit20k() {
    configure({ console: false });
    for (let i = 0; i < 20000; i++) log.info(`record ${i}`, { i });
    process.exit(0);
  },

  // Same, while async writes are surely in flight: records over several ticks, then exit.
  async exitInflight() {
    configure({ console: false });
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 2000; i++) log.info(`record ${round * 2000 + i}`);
      await new Promise((r) => setImmediate(r));
    }
    process.exit(3);
  },

  // 1,000 records, then an exception nobody catches.
  uncaught() {
    configure({ console: false });
    for (let i = 0; i < 1000; i++) log.info(`record ${i}`);
    throw new Error("boom after 1000");
  },

  // 1,000 records from a timer callback, then an uncaught exception from that callback.
  uncaughtAsync() {
    configure({ console: false });
    setTimeout(() => {
      for (let i = 0; i < 1000; i++) log.warn(`record ${i}`);
      throw new Error("async boom");
    }, 5);
  },

  // Nothing explicit at all: the event loop just ends.
  naturalEnd() {
    configure({ console: false });
    for (let i = 0; i < 5000; i++) log.debug(`record ${i}`);
  },

  // configure() after the first records: same files keep growing, a new name applies from
  // then on; then a new dir: a new set of files. No record twice, none lost.
  async reconfigure() {
    configure({ console: false, name: "first" });
    for (let i = 0; i < 3000; i++) log.info(`a${i}`);
    await new Promise((r) => setImmediate(r)); // writes in flight during the rebuild
    for (let i = 0; i < 3000; i++) log.info(`b${i}`);
    configure({ name: "second" });
    for (let i = 0; i < 3000; i++) log.info(`c${i}`);
    configure({ dir: "logs2" });
    for (let i = 0; i < 3000; i++) log.error(`d${i}`);
    await flush();
    out({ done: true });
  },

  // The log dir is a regular file: the app goes on, one message on stderr.
  async blockedDir() {
    for (let i = 0; i < 100; i++) {
      log.info(`i${i}`);
      log.error(`e${i}`);
      flow("checkout", () => log.info("in flow"));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await flush();
    await shutdown();
    out({ appContinued: true });
  },

  // Whatever env / log_config.json / configure() in LOGCREST_TEST_OPTIONS say: print what
  // the first record looks like and every warning.
  async config() {
    const warnings = [];
    process.on("warning", (w) => warnings.push({ code: w.code, message: w.message }));
    if (process.env.LOGCREST_TEST_OPTIONS) configure(JSON.parse(process.env.LOGCREST_TEST_OPTIONS));
    const records = [];
    configure({ handlers: [(r) => records.push(r)], console: false });
    log.debug("debug record");
    log.info("info record");
    log.warning("warning record");
    log.error("error record");
    await flush();
    await new Promise((r) => setImmediate(r)); // warnings are emitted on nextTick
    out({ warnings, records });
  },

  // Public API end to end: routing, the console, flush() resolving after the files are written.
  async routing() {
    configure({ console: true });
    log.debug("d");
    log.info("i", { user: 1 });
    log.warn("w");
    log.error("e");
    log.critical("c");
    flow("checkout", () => log.info("inside"));
    try {
      flow("failing", () => {
        throw new TypeError("bad");
      });
    } catch {
      // expected: the flow re-throws
    }
    await flush();
    const fs = require("node:fs");
    const path = require("node:path");
    const counts = {};
    for (const sub of ["success", "error", "flows"]) {
      const dir = path.join("logs", sub);
      counts[sub] = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean).length);
    }
    out({ counts });
  },

  // An 'exit' listener of the app, added after ours, still gets its record written.
  exitListener() {
    configure({ console: false });
    log.info("first");
    process.on("exit", (code) => log.info(`bye ${code}`));
    process.exitCode = 4;
  },

  // shutdown() not awaited, then process.exit(): the exit flush finishes the close.
  shutdownThenExit() {
    configure({ console: false });
    for (let i = 0; i < 1000; i++) log.info(`record ${i}`);
    void shutdown();
    process.exit(0);
  },

  // After shutdown() a record starts the outputs again (same files).
  async afterShutdown() {
    configure({ console: false });
    for (let i = 0; i < 100; i++) log.info(`record ${i}`);
    await shutdown();
    for (let i = 100; i < 200; i++) log.info(`record ${i}`);
    await flush();
    out({ ok: true });
  },

  // shutdown() not awaited, and logging goes straight on: order kept, nothing lost.
  async shutdownNotAwaited() {
    configure({ console: false, maxSize: 50000, backupCount: 100 });
    for (let i = 0; i < 5000; i++) log.info(`record ${i}`);
    await new Promise((r) => setImmediate(r)); // a write in flight
    const closing = shutdown();
    for (let i = 5000; i < 10000; i++) log.info(`record ${i}`);
    await closing;
    await flush();
    out({ ok: true });
  },

  // A handler that calls configure() (a rebuild) and flush() in the middle of a batch.
  async reentrant() {
    let switched = false;
    const handler = (record) => {
      if (record.message === "record 500" && !switched) {
        switched = true;
        configure({ name: "after" });
        void flush();
      }
    };
    configure({ console: false, handlers: [handler] });
    for (let i = 0; i < 1000; i++) log.info(`record ${i}`);
    await flush();
    log.info("record 1000");
    await flush();
    out({ switched });
  },

  // Two copies of the runtime in one process (a bundled copy beside the package): one
  // queue, one config, one exit flush.
  twoCopies() {
    const other = require(process.env.LOGCREST_TEST_RUNTIME2);
    if (other === lc) throw new Error("not two copies");
    configure({ console: false, name: "shared" });
    for (let i = 0; i < 1000; i++) (i % 2 ? other : lc).log.info(`record ${i}`);
    other.configure({ level: "warning" });
    lc.log.info("filtered by the config set through the other copy");
    lc.log.warn("record 1000");
    process.exit(0);
  },

  // Once-only warnings through two copies: a nested block flow of the same name started from
  // each copy, and the same bad config value given to each, each warn once in all.
  async twoCopiesWarnOnce() {
    const other = require(process.env.LOGCREST_TEST_RUNTIME2);
    if (other === lc) throw new Error("not two copies");
    const codes = [];
    process.on("warning", (w) => codes.push(w.code));
    configure({ console: false, level: "loud" });
    other.configure({ level: "loud" });
    flow("outer", () => {
      lc.flow("inner", () => 1);
      other.flow("inner", () => 2);
      other.flow("inner", () => 3);
    });
    await new Promise((r) => setImmediate(r));
    out({ codes: codes.filter((c) => c && c.startsWith("LOGCREST_")).sort() });
  },

  // Configured but never logging: nothing is created.
  noRecords() {
    configure({ console: false, dir: "quiet-logs" });
    out({ created: require("node:fs").existsSync("quiet-logs") });
  },

  // A bounded queue overflowing from the public API.
  async bounded() {
    configure({ console: false, queueSize: 50 });
    for (let i = 0; i < 1000; i++) log.info(`r${i}`);
    await flush();
    out({ ok: true });
  },
};

Promise.resolve(scenarios[scenario]()).catch((err) => {
  process.stderr.write(`scenario failed: ${err && err.stack}\n`);
  process.exit(99);
});
