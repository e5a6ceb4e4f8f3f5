// otlpHandler throughput: flows of 10 steps (11 spans, 22 records each) shipped as OTLP/HTTP
// JSON to a loopback receiver, from the first call until flush() has everything accepted.
//
//   node bench/cases/otlp.mjs [--flows 2000]
//
// The receiver runs in a child process (node:http, counts spans and log records in each
// body it accepts), so its parsing does not run on the measured thread.
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { configureOurs, ourBuild } from "../peers/logcrest.mjs";

const require = createRequire(import.meta.url);

if (process.argv[2] === "--receiver") {
  const { createServer } = await import("node:http");
  const counts = { spans: 0, logs: 0, requests: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const data = JSON.parse(body);
      counts.requests++;
      for (const rs of data.resourceSpans ?? []) for (const ss of rs.scopeSpans) counts.spans += ss.spans.length;
      for (const rl of data.resourceLogs ?? []) for (const sl of rl.scopeLogs) counts.logs += sl.logRecords.length;
      res.end("{}");
    });
  });
  process.on("message", (m) => {
    if (m === "counts") process.send(counts);
    if (m === "stop") server.close(() => process.exit(0));
  });
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
} else {
  runCase(async () => {
    const flows = option("flows", 2000);
    const receiver = fork(fileURLToPath(import.meta.url), ["--receiver"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const { port } = await new Promise((resolve) => receiver.once("message", resolve));
    const counts = () => new Promise((resolve) => (receiver.once("message", resolve), receiver.send("counts")));
    const dir = scratchDir("otlp");
    try {
      const build = await ourBuild();
      const lc = require("logcrest");
      configureOurs(dir, { handlers: [lc.otlpHandler({ url: `http://127.0.0.1:${port}`, maxBuffer: flows * 40 })] });
      const { checkout } = require(build.files.flow);
      // Warm-up, sent and counted before the clock starts.
      for (let i = 0; i < 200; i++) checkout(i);
      await lc.flush();
      const before = await counts();
      const started = process.hrtime.bigint();
      for (let i = 0; i < flows; i += 100) {
        for (let k = 0; k < 100 && i + k < flows; k++) checkout(k);
        await new Promise((r) => setImmediate(r));
      }
      await lc.flush();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const after = await counts();
      const spans = after.spans - before.spans;
      const logs = after.logs - before.logs;
      expectCount("otlp: spans accepted", flows * 11, spans);
      expectCount("otlp: log records accepted", flows * 22, logs);
      return { flows, spans, logs, requests: after.requests - before.requests, seconds, spansPerSec: spans / seconds, logsPerSec: logs / seconds, built: build.how };
    } finally {
      receiver.send("stop");
      removeDir(dir);
    }
  });
}
