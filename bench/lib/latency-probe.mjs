// An open-loop latency probe for case 7: requests sent at a fixed rate (below every
// server's capacity), each timed with the monotonic clock in microseconds. autocannon's
// latencies are whole milliseconds and, at saturation, mostly measure queueing; this shows
// what instrumentation adds to each request when the server is not overloaded.
import http from "node:http";
import { performance } from "node:perf_hooks";

export async function latencyProbe(port, { rate = 5000, seconds = 4, path = "/orders/42", sockets = 32 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const total = Math.round(rate * seconds);
  const spacingMs = 1000 / rate;
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const finish = () => {
      if (++done === total) resolve();
    };
    const fire = (index) => {
      const t0 = performance.now();
      // The first fifth warms up: sockets connect, the JIT settles; only the rest is kept.
      const keep = index >= total / 5;
      const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        res.resume();
        res.on("end", () => {
          if (keep) latencies.push((performance.now() - t0) * 1000);
          finish();
        });
      });
      req.on("error", () => {
        errors++;
        finish();
      });
    };
    // Every millisecond, send what is due by now: an open loop, not waiting for answers.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - start) / spacingMs));
      while (sent < due) {
        fire(sent++);
      }
      if (sent >= total) clearInterval(timer);
    }, 1);
  });
  const elapsed = performance.now() - start;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { requests: total, timed: latencies.length, errors, non2xx, rate: (total / elapsed) * 1000, p50us: pct(50), p99us: pct(99), p999us: pct(99.9) };
}
