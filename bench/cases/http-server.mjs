// Case 7, the server side: one framework, one variant, in its own process. Prints
// "@@listening <port>", serves until a line "stop" arrives on stdin, then flushes its
// logs, checks them against the number of requests it handled, and reports.
//
//   node bench/cases/http-server.mjs <http|fastify> <plain|logcrest|pino-http>
//
// Every variant answers GET /orders/:id with a small JSON body. logcrest: `instrument()`
// from logcrest/http (each request a flow: flow_start + flow_end). pino-http: one line per
// response, to an asynchronous pino destination.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { runCase } from "../lib/harness.mjs";
import { countDirLines, countFileLines, expectCount, settleCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";

const require = createRequire(import.meta.url);
const [framework, variant] = process.argv.slice(2);

function stopSignal() {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on("line", (line) => {
      if (line.trim() === "stop") {
        rl.close();
        resolve();
      }
    });
  });
}

runCase(async () => {
  const dir = scratchDir(`http-${framework}-${variant}`);
  try {
    let handled = 0;
    let lc;
    let pinoDest;
    let httpLogger;
    const pinoFile = join(dir, "pino-http.log");
    if (variant === "logcrest") {
      lc = require("logcrest");
      lc.configure({ dir, console: false, maxSize: 0 });
    } else if (variant === "pino-http") {
      const pino = require("pino");
      pinoDest = pino.destination({ dest: pinoFile, sync: false });
      httpLogger = require("pino-http")({ logger: pino({ base: undefined }, pinoDest) });
    } else if (variant !== "plain") throw new Error(`unknown variant ${variant}`);

    let server;
    let close;
    if (framework === "http") {
      const listener = (req, res) => {
        if (httpLogger) httpLogger(req, res);
        handled++;
        const id = req.url.slice(req.url.lastIndexOf("/") + 1);
        const body = JSON.stringify({ id, status: "shipped" });
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
      server = createServer(listener);
      if (lc) require("logcrest/http").instrument(server);
      await new Promise((r) => server.listen(0, "127.0.0.1", r));
      close = () => new Promise((r) => server.close(r));
    } else if (framework === "fastify") {
      const app = require("fastify")({ logger: false });
      if (lc) require("logcrest/http").instrument(app);
      if (httpLogger) {
        app.addHook("onRequest", (req, reply, done) => {
          httpLogger(req.raw, reply.raw);
          done();
        });
      }
      app.get("/orders/:id", async (req) => {
        handled++;
        return { id: req.params.id, status: "shipped" };
      });
      await app.listen({ port: 0, host: "127.0.0.1" });
      server = app.server;
      close = () => app.close();
    } else throw new Error(`unknown framework ${framework}`);

    process.stdout.write(`@@listening ${server.address().port}\n`);
    // From the first request on: CPU time of the whole process (main thread and libuv's
    // pool, which does the file writes) and of the main thread alone (event-loop busy time).
    let cpu0;
    let elu0;
    server.once("request", () => {
      cpu0 = process.cpuUsage();
      elu0 = performance.eventLoopUtilization();
    });
    await stopSignal();
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    await close();
    let written = 0;
    let unit = "lines";
    if (lc) {
      await lc.flush();
      written = countDirLines(join(dir, "flows"));
      expectCount(`http ${framework} logcrest: flow lines (start + end per request)`, handled * 2, written);
      unit = "flow lines";
    } else if (pinoDest) {
      await new Promise((resolve, reject) => pinoDest.flush((err) => (err ? reject(err) : resolve())));
      written = await settleCount(() => countFileLines(pinoFile), handled);
      expectCount(`http ${framework} pino-http: lines (one per response)`, handled, written);
    }
    return {
      framework,
      node: process.version,
      variant,
      handled,
      written,
      unit,
      cpuUsPerRequest: (cpu.user + cpu.system) / handled,
      busyUsPerRequest: (elu.active * 1000) / handled,
    };
  } finally {
    removeDir(dir);
  }
});
