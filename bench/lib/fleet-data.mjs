// Synthetic fleet data for the ClickHouse bench: flows of three kinds over several
// services, written as the files the runtime writes (flows/, success/) and, from the very
// same records, as rows of the store (through the handler's own row mapping). A small
// fixed PRNG keeps runs comparable.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  { fn: "checkout", steps: [["Cart.validate", 0.5, 1, 0.01], ["Inventory.reserve", 3, 6, 0.02], ["Payments.charge", 40, 120, 0.05]] },
  { fn: "GET /orders/:id", steps: [["Auth.verifyToken", 0.8, 1.5, 0.005], ["OrderRepo.findById", 4, 30, 0.01]] },
  { fn: "refund", steps: [["OrderRepo.findById", 4, 25, 0.005], ["Payments.refund", 30, 90, 0.03]] },
];

/** Yields [service, kind, record] for every record of `flows` flows (kind: "flows" | "success" | "error"). */
export function* fleetRecords(flows, services, { seed = 7, start = Date.parse("2026-11-25T00:00:00Z") } = {}) {
  const out = [];
  const emit = (service, kind, rec) => out.push([service, kind, rec]);
  const rnd = prng(seed);
  let t = start;
  for (let n = 0; n < flows; n++) {
    const service = services[n % services.length];
    const kind = KINDS[n % 7 < 4 ? 0 : n % 7 < 6 ? 1 : 2];
    t += 1 + Math.floor(rnd() * 6);
    const hex = ((n * 2654435761) >>> 0).toString(16).padStart(8, "0");
    const id = `${kind.fn.split(" ").pop().replace(/[^a-z]/g, "")}-${hex}`;
    const base = { logger: service, trace_id: hex, function: kind.fn, file: "src/app.ts", line: 10 };
    emit(service, "flows", { timestamp: new Date(t).toISOString(), level: "INFO", ...base, message: `[Flow Start] '${kind.fn}' | flow_id=${id}`, flow_id: id, flow_type: "flow_start" });
    const timeline = [];
    const offsets = [];
    let at = 0.05;
    let failed = -1;
    for (const [fn, b, j, rate] of kind.steps) {
      const ms = Math.round((b + rnd() * rnd() * j) * 100) / 100;
      const fails = rnd() < rate;
      timeline.push({ fn, ms, status: fails ? "failed" : "ok" });
      offsets.push(Math.round(at * 100) / 100);
      at += ms + 0.05;
      const rec = { timestamp: new Date(t + at).toISOString(), level: fails ? "ERROR" : "INFO", logger: service, trace_id: hex, function: fn, file: "src/app.ts", line: 20, message: `[Nested] '${fn}' ${fails ? "crashed after" : "finished in"} ${ms}ms`, elapsed_ms: ms };
      if (fails) rec.exception = `Error: ${fn} failed\n    at ${fn} (src/app.ts:20:5)`;
      emit(service, fails ? "error" : "success", rec);
      if (fails) {
        failed = timeline.length - 1;
        break;
      }
    }
    const total = Math.round((at + rnd()) * 100) / 100;
    const end = { timestamp: new Date(t + total).toISOString(), level: failed === -1 ? "INFO" : "ERROR", ...base, message: `[Flow End] '${kind.fn}' | flow_id=${id}`, flow_id: id, flow_type: "flow_end", flow_status: failed === -1 ? "success" : "failed", total_ms: total, steps: timeline.length, timeline, step_offsets_ms: offsets };
    if (failed !== -1) Object.assign(end, { failed_at: timeline[failed].fn, step: `${failed + 1}/${timeline.length}`, flow_error: `Error: ${timeline[failed].fn} failed` });
    emit(service, "flows", end);
    yield* out;
    out.length = 0;
  }
}

/** Writes the records as log files: <root>/<service>/logs/{flows,success,error}/. Returns the directories. */
export function writeFleetFiles(root, flows, services) {
  const out = new Map();
  const file = (service, kind) => {
    const key = `${service}/${kind}`;
    let f = out.get(key);
    if (f === undefined) {
      const dir = join(root, service, "logs", kind);
      mkdirSync(dir, { recursive: true });
      f = { fd: openSync(join(dir, `20261125_000000_${kind}.log`), "w", 0o600), buf: [], size: 0 };
      out.set(key, f);
    }
    return f;
  };
  for (const [service, kind, rec] of fleetRecords(flows, services)) {
    const f = file(service, kind);
    const line = JSON.stringify(rec);
    f.buf.push(line);
    f.size += line.length;
    if (f.size > 1 << 20) {
      writeSync(f.fd, `${f.buf.join("\n")}\n`);
      f.buf = [];
      f.size = 0;
    }
  }
  for (const f of out.values()) {
    if (f.buf.length > 0) writeSync(f.fd, `${f.buf.join("\n")}\n`);
    closeSync(f.fd);
  }
  return services.map((s) => join(root, s, "logs"));
}
