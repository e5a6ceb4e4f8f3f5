/**
 * `logcrest view --follow [dir...]`: prints each flow as its flow_end is written, like
 * `tail -F` for flows/. The directories are polled (fs.watch misses events on some file
 * systems and across renames): every live `*.log` file is read from where we stopped.
 * Rotation renames the live file to `.log.1` and creates a new one: we notice the new
 * inode at the same path, read the old file (still open) to its end, then the new one from
 * its start, so no flow is missed across a rotation. Files that exist when following
 * starts are read from their end: only new flows are shown.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { openLogDirs } from "./log-dirs";
import { type Flow, FlowPairer } from "./read-flows";
import { escapeControl, type Painter, safeJson } from "./terminal";
import { flowJson, type ViewOutput } from "./view";
import { renderFlow } from "./waterfall-text";

export interface FollowOptions {
  readonly dirs: string[];
  readonly failedOnly: boolean;
  readonly json: boolean;
  readonly painter: Painter;
  readonly width: number;
  readonly pollMs: number;
  /** Stops following (SIGINT in the CLI). */
  readonly signal: AbortSignal;
}

/** Live files only: `<stamp>_flows.log`, not the `.log.N` backups. */
const LIVE = /\.log$/;

interface Tail {
  fd: number;
  ino: number;
  pos: number;
  partial: string;
  /** Keeps a UTF-8 character split across two reads whole. */
  decoder: StringDecoder;
}

class DirTail {
  private readonly tails = new Map<string, Tail>();
  private readonly buf = new Uint8Array(1 << 16);

  constructor(
    private readonly dir: string,
    private readonly onLine: (line: string) => void,
  ) {
    for (const name of this.liveNames()) this.track(name, true);
  }

  private liveNames(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => LIVE.test(n));
    } catch {
      return [];
    }
  }

  private track(name: string, atEnd: boolean): void {
    const path = join(this.dir, name);
    try {
      const fd = openSync(path, "r");
      const st = fstatSync(fd);
      if (!st.isFile()) {
        closeSync(fd);
        return;
      }
      this.tails.set(name, { fd, ino: st.ino, pos: atEnd ? st.size : 0, partial: "", decoder: new StringDecoder("utf8") });
    } catch {
      // gone between readdir and open: the next poll sees what replaced it
    }
  }

  private drain(t: Tail): void {
    for (;;) {
      const n = readSync(t.fd, this.buf, 0, this.buf.length, t.pos);
      if (n <= 0) return;
      t.pos += n;
      const text = t.partial + t.decoder.write(Buffer.from(this.buf.buffer, 0, n));
      const lines = text.split("\n");
      t.partial = lines.pop() ?? "";
      for (const line of lines) this.onLine(line);
    }
  }

  poll(): void {
    for (const name of this.liveNames()) {
      const t = this.tails.get(name);
      if (t === undefined) {
        this.track(name, false); // a file that appeared while following: from its start
        const fresh = this.tails.get(name);
        if (fresh !== undefined) this.drain(fresh);
        continue;
      }
      let ino: number;
      let size: number;
      try {
        ({ ino, size } = statSync(join(this.dir, name)));
      } catch {
        continue;
      }
      if (ino !== t.ino) {
        // rotated: finish the old file (now .log.1), then the new one from its start
        this.drain(t);
        closeSync(t.fd);
        this.tails.delete(name);
        this.track(name, false);
        const fresh = this.tails.get(name);
        if (fresh !== undefined) this.drain(fresh);
        continue;
      }
      if (size < t.pos) t.pos = 0; // truncated
      this.drain(t);
    }
  }

  close(): void {
    for (const t of this.tails.values()) closeSync(t.fd);
    this.tails.clear();
  }
}

export async function runFollow(opts: FollowOptions, io: ViewOutput): Promise<number> {
  const dirs = openLogDirs(opts.dirs);
  const multi = dirs.length > 1;
  const show = (flow: Flow, service: string) => {
    if (opts.failedOnly && flow.status !== "failed") return;
    if (opts.json) {
      io.out(`${safeJson(flowJson(flow, multi ? service : undefined))}\n`);
      return;
    }
    const lines = renderFlow(flow, opts.painter, { width: opts.width });
    if (multi) lines[0] = `${opts.painter.cyan(`[${escapeControl(service)}]`)} ${lines[0]}`;
    io.out(`${lines.join("\n")}\n\n`);
  };
  const tails = dirs.map((d) => {
    const pairer = new FlowPairer((flow) => show(flow, d.label));
    return new DirTail(d.flowsDir, (line) => {
      const text = line.trim();
      if (text.charCodeAt(0) !== 0x7b) return;
      try {
        const rec = JSON.parse(text) as unknown;
        if (typeof rec === "object" && rec !== null && !Array.isArray(rec)) pairer.record(rec as Record<string, unknown>);
      } catch {
        // a line cut by a crash: skipped, as view and report do
      }
    });
  });
  io.err(`logcrest view: following ${dirs.map((d) => escapeControl(d.flowsDir)).join(", ")} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (const t of tails) t.poll();
    }, opts.pollMs);
    const stop = () => {
      clearInterval(timer);
      for (const t of tails) t.poll(); // what was written up to the stop
      for (const t of tails) t.close();
      resolve();
    };
    if (opts.signal.aborted) stop();
    else opts.signal.addEventListener("abort", stop, { once: true });
  });
  return 0;
}
