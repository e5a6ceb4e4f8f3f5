// The hand-written floor's writer: lines are appended to an array and written with one
// fs.write per event-loop turn; no formatting library, no stream, no per-write
// Buffer.byteLength bookkeeping.
import { closeSync, openSync, write } from "node:fs";

export function makeBatchWriter(file) {
  const fd = openSync(file, "a", 0o600);
  let pending = [];
  let scheduled = false;
  let writing = false;
  let failure;
  let idle = [];

  function settle() {
    if (writing || scheduled || pending.length > 0) return;
    const waiters = idle;
    idle = [];
    for (const w of waiters) w();
  }
  function drain() {
    scheduled = false;
    if (writing || pending.length === 0) return settle();
    const chunk = pending.join("");
    pending = [];
    writing = true;
    write(fd, chunk, null, "utf8", (err) => {
      writing = false;
      if (err) failure = err;
      if (pending.length > 0) drain();
      else settle();
    });
  }
  return {
    push(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    /** Resolves when every line pushed so far is written. */
    flush() {
      return new Promise((resolve) => {
        idle.push(resolve);
        if (!scheduled) drain();
      });
    },
    async close() {
      await this.flush();
      closeSync(fd);
      if (failure) throw failure;
    },
  };
}
