/**
 * One log file with size rotation like Python's RotatingFileHandler: before a line that
 * would bring the file to `maxSize` bytes or more (and the file is not empty), the file
 * becomes `.1`, `.1` becomes `.2`, ... and `.N` (N = `backupCount`) is dropped.
 * `maxSize` 0 or `backupCount` 0: no rotation.
 *
 * Writes: each line is encoded once, straight into a reusable-size chunk buffer (no batch
 * string is ever built: joining a batch into one string and encoding it made a 1-2 MB flat
 * string per batch, and garbage collection of those took more time than formatting, by
 * profile at 1M records/s). At the end of a batch the new bytes are queued as one slice;
 * with no write in flight it goes out at once as one asynchronous write, else it waits and
 * joins the next write (slices adjacent in one chunk merge for free). Chunks start at
 * 16 KiB and double up to 1 MiB while they fill within a second, so a quiet app keeps
 * little memory.
 *
 * Encoding gives each line's exact byte count, so the size used for rotation is exact with
 * no extra pass over the text. The file is opened lazily on the first line routed to it,
 * so no empty file appears for an output that never gets a record.
 *
 * Like Python's WatchedFileHandler, each write first checks that the open file is still
 * the one at its path (one lstat and one fstat per write, not per record): a file or
 * folder deleted while running is made again and reported once, instead of records
 * vanishing into an unlinked file. Before every rotation the folder is checked again
 * (folder.ts), so a folder swapped for a link never receives the rotated files.
 *
 * A write that fails part-way (ENOSPC) leaves a torn last line; the next write starts
 * with a newline, so the first record after the space is back is a whole line of its own.
 */
import type { LineEncoder } from "../format/json-bytes";
import type { FileDriver } from "./driver";
import type { LogFolder } from "./folder";
import { errorText, type Reporter } from "./report";

export const FILE_MODE = 0o600;

/** Marker in the queue of operations: rotate here. */
const ROTATE = null;

export interface RotatingFileOptions {
  path: string;
  maxSize: number;
  backupCount: number;
  driver: FileDriver;
  report: Reporter;
  /** The folder of the file: made and checked on first use, checked again before rotations and reopens. */
  folder: LogFolder;
  /** How long the final synchronous flush waits for a write already in flight. */
  inflightWaitMs?: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;
const NO_CHUNK = Buffer.alloc(0);
const NEWLINE_BYTES = Buffer.from("\n");

export class RotatingFile {
  readonly path: string;
  private readonly maxSize: number;
  private readonly backupCount: number;
  private readonly rotates: boolean;
  private readonly driver: FileDriver;
  private readonly report: Reporter;
  private readonly folder: LogFolder;
  private readonly inflightWaitMs: number;

  private fd = -1;
  private started = false;
  private failed = false;
  /** Logical size of the current file: bytes on disk plus bytes queued for it. */
  private size = 0;
  /** Encoded lines: `chunk[segStart, chunkLen)` is not yet queued for writing. */
  private chunk: Buffer = NO_CHUNK;
  private chunkLen = 0;
  private segStart = 0;
  private chunkBorn = 0;
  /** Encoded text ready to write, and rotation markers, in order. */
  private ops: Array<Buffer | null> = [];
  private opsBytes = 0;
  /** The write in flight: what is left of it, and the file size once it is done. */
  private inflight: Buffer | undefined;
  private inflightEnd = 0;
  /** Bumped when a flush takes over from a write in flight, so its callback is ignored. */
  private writeSeq = 0;
  private diskSize = 0;
  /** Part of the write in flight has reached the file already (a short write). */
  private inflightPartial = false;
  /** The file ends inside a line (a write failed part-way): the next write starts a new line. */
  private torn = false;
  private idleWaiters: Array<() => void> = [];
  private drainCallback: (() => void) | undefined;
  /** An fd that may still have a write in flight after a timed-out exit flush: never closed. */
  private abandonedFd = -1;

  constructor(options: RotatingFileOptions) {
    this.path = options.path;
    this.maxSize = options.maxSize;
    this.backupCount = options.backupCount;
    this.rotates = options.maxSize > 0 && options.backupCount > 0;
    this.driver = options.driver;
    this.report = options.report;
    this.folder = options.folder;
    this.inflightWaitMs = options.inflightWaitMs ?? 2000;
  }

  /** Queues one line (the newline is added here). */
  append(line: string): void {
    if (!this.readyForLine()) return;
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    if (this.chunk.length - this.chunkLen < line.length * 3 + 1) this.newChunk(line.length * 3 + 1);
    const at = this.chunkLen;
    const end = at + this.chunk.write(line, at);
    this.endLine(at, end);
  }

  /**
   * Queues one line that `encoder` writes straight into the chunk, with no string built
   * (format/json-bytes.ts). Returns false when the encoder declines the item: the caller
   * then appends its line as a string.
   */
  appendWith<T>(encoder: LineEncoder<T>, item: T): boolean {
    const max = encoder.measure(item);
    if (max < 0) return false;
    if (!this.readyForLine()) return true;
    if (this.chunk.length - this.chunkLen < max + 1) this.newChunk(max + 1);
    const at = this.chunkLen;
    const end = encoder.encode(item, this.chunk, at);
    if (end < 0) return false;
    this.endLine(at, end);
    return true;
  }

  /** Opens the file on the first line; false once it has failed (the line is dropped). */
  private readyForLine(): boolean {
    if (!this.started) {
      this.started = true;
      if (!this.open()) return false;
      this.size = this.diskSize;
    }
    return !this.failed;
  }

  /** A line was encoded at `chunk[at, end)`: add the newline, rotate before it if due. */
  private endLine(at: number, end: number): void {
    this.chunk[end] = NEWLINE;
    const bytes = end + 1 - at;
    if (this.rotates && this.size > 0 && this.size + bytes >= this.maxSize) {
      this.endSegment(); // everything before this line stays in the current file
      this.ops.push(ROTATE);
      this.size = 0;
    }
    this.chunkLen = at + bytes;
    this.size += bytes;
  }

  /** End of a batch: what was appended goes out as (part of) the next write. */
  endBatch(): void {
    this.endSegment();
    this.pump();
  }

  backlog(): number {
    return this.opsBytes + (this.inflight === undefined ? 0 : this.inflight.length);
  }

  onDrain(callback: () => void): void {
    this.drainCallback = callback;
  }

  flush(): Promise<void> {
    this.endBatch();
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Writes everything now (process exit, configure() rebuild). */
  flushSync(): void {
    this.endSegment();
    if (this.inflight !== undefined) this.awaitInflight();
    while (this.ops.length > 0) {
      const op = this.ops.shift()!;
      if (op === ROTATE) {
        this.rotate();
        continue;
      }
      this.opsBytes -= op.length;
      if (!this.writable()) continue;
      this.writeAllSync(op);
    }
    this.settle();
  }

  async close(): Promise<void> {
    await this.flush();
    this.closeFd();
  }

  closeSync(): void {
    this.flushSync();
    this.closeFd();
  }

  private idle(): boolean {
    return this.inflight === undefined && this.ops.length === 0;
  }

  private newChunk(atLeast: number): void {
    this.endSegment();
    // Double while chunks fill within a second (load); a slowly filled one starts small again.
    const now = Date.now();
    const busy = this.chunk.length > 0 && now - this.chunkBorn < 1000;
    this.chunkBorn = now;
    let size = busy ? Math.min(MAX_CHUNK, this.chunk.length * 2) : MIN_CHUNK;
    while (size < atLeast) size *= 2;
    this.chunk = Buffer.allocUnsafeSlow(size);
    this.chunkLen = 0;
    this.segStart = 0;
  }

  /** Queues the bytes appended since the last call, merged into the last slice when adjacent. */
  private endSegment(): void {
    const start = this.segStart;
    const end = this.chunkLen;
    if (end === start) return;
    this.segStart = end;
    this.opsBytes += end - start;
    const last = this.ops.length > 0 ? this.ops[this.ops.length - 1] : ROTATE;
    if (last !== ROTATE && last !== undefined && last.buffer === this.chunk.buffer && last.byteOffset + last.length === this.chunk.byteOffset + start) {
      this.ops[this.ops.length - 1] = this.chunk.subarray(last.byteOffset - this.chunk.byteOffset, end);
      return;
    }
    this.ops.push(this.chunk.subarray(start, end));
  }

  private open(): boolean {
    if (this.failed) return false;
    if (!this.folder.ready()) {
      this.failed = true;
      return false;
    }
    try {
      this.fd = this.driver.open(this.path, FILE_MODE);
      this.diskSize = this.driver.size(this.fd);
      if (this.diskSize === 0) this.torn = false; // a new (re-made) file has no torn line to end
      return true;
    } catch (err) {
      this.fd = -1;
      this.failed = true;
      this.report(
        `open:${this.path}`,
        `cannot open log file ${this.path} (${errorText(err)}); its records are dropped, the application and the other outputs go on`,
      );
      return false;
    }
  }

  /** Starts the next write if none is in flight; rotations run in order between writes. */
  private pump(): void {
    while (this.inflight === undefined && this.ops.length > 0) {
      if (this.ops[0] === ROTATE) {
        this.ops.shift();
        this.rotate();
        continue;
      }
      // Batches that queued up behind the last write go out together, as one write.
      let n = 1;
      while (n < this.ops.length && this.ops[n] !== ROTATE) n++;
      const parts = this.ops.splice(0, n) as Buffer[];
      const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts as unknown as Uint8Array[]);
      this.opsBytes -= data.length;
      if (!this.writable()) continue;
      this.startWrite(data);
    }
    this.settle();
  }

  /**
   * Whether a write can start now: the file is open (opened if need be) and is still the
   * file at its path. A file deleted or replaced behind our back is opened again, once its
   * folder passed the check again.
   */
  private writable(): boolean {
    if (this.failed) return false;
    if (this.fd < 0) return this.open();
    if (this.driver.sameFile(this.fd, this.path)) return true;
    this.report(
      `remade:${this.path}`,
      `log file ${this.path} was removed or replaced while logcrest was writing it; logcrest made it again`,
    );
    this.closeFd();
    if (!this.folder.recheck()) {
      this.failed = true;
      return false;
    }
    return this.open();
  }

  /** A write of new lines (not the rest of a short write): after a torn line, begin with a newline. */
  private startWrite(data: Buffer): void {
    if (this.torn) {
      this.torn = false;
      data = Buffer.concat([NEWLINE_BYTES, data] as unknown as Uint8Array[]);
    }
    this.inflightPartial = false;
    this.continueWrite(data);
  }

  private continueWrite(data: Buffer): void {
    this.inflight = data;
    this.inflightEnd = this.diskSize + data.length;
    const seq = ++this.writeSeq;
    const fd = this.fd;
    try {
      this.driver.write(fd, data, (err, written) => this.written(seq, fd, err, written));
    } catch (err) {
      // Thrown instead of passed to the callback: handle it the same way, on the next tick.
      setImmediate(() => this.written(seq, fd, err as Error, 0));
    }
  }

  private written(seq: number, fd: number, err: Error | null, written: number): void {
    if (seq !== this.writeSeq || this.inflight === undefined) return; // a sync flush took over
    if (err !== null) {
      this.report(
        `write:${this.path}`,
        `cannot write log file ${this.path} (${errorText(err)}); records are dropped while this lasts, the application and the other outputs go on`,
      );
      this.inflight = undefined;
      if (this.inflightPartial) this.torn = true;
      this.diskSize = this.safeSize(fd, this.diskSize);
    } else {
      this.diskSize += written;
      const rest = this.inflight.subarray(written);
      this.inflight = undefined;
      if (rest.length > 0 && written > 0) {
        this.inflightPartial = true;
        this.continueWrite(rest);
        return;
      }
      // A write that wrote nothing and reported no error: its lines are dropped whole.
    }
    this.pump();
    const callback = this.drainCallback;
    if (callback !== undefined) {
      this.drainCallback = undefined;
      callback();
    }
  }

  private settle(): void {
    if (!this.idle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * The final flush runs where the event loop cannot: the callback of the write in flight
   * will never run. The write itself happens on libuv's thread pool, so wait (briefly) for
   * the file to reach its expected size, then continue synchronously after it: no record is
   * lost or written twice, and the order is kept.
   */
  private awaitInflight(): void {
    const deadline = Date.now() + this.inflightWaitMs;
    for (;;) {
      const size = this.safeSize(this.fd, -1);
      if (size < 0 || size >= this.inflightEnd) break;
      if (Date.now() >= deadline) {
        this.abandonedFd = this.fd;
        this.report(
          `inflight:${this.path}`,
          `a write to ${this.path} did not finish in ${this.inflightWaitMs}ms at exit; its records may be missing`,
        );
        break;
      }
      Atomics.wait(sleepCell, 0, 0, 1);
    }
    this.diskSize = Math.max(this.diskSize, this.inflightEnd);
    this.inflight = undefined;
    this.writeSeq++;
  }

  private writeAllSync(data: Buffer): void {
    if (this.torn) {
      this.torn = false;
      data = Buffer.concat([NEWLINE_BYTES, data] as unknown as Uint8Array[]);
    }
    let offset = 0;
    try {
      while (offset < data.length) {
        const n = this.driver.writeSync(this.fd, data.subarray(offset));
        if (n <= 0) throw new Error(`short write (${offset} of ${data.length} bytes)`);
        offset += n;
      }
      this.diskSize += data.length;
    } catch (err) {
      if (offset > 0) this.torn = true;
      this.report(
        `write:${this.path}`,
        `cannot write log file ${this.path} (${errorText(err)}); records are dropped while this lasts, the application and the other outputs go on`,
      );
      this.diskSize = this.safeSize(this.fd, this.diskSize);
    }
  }

  private rotate(): void {
    this.closeFd();
    this.diskSize = 0;
    this.torn = false; // the torn line stays in the rotated file; the new one starts clean
    // The renames go through the folder's path: a folder swapped for a link since it was
    // checked would move our files into another directory.
    if (this.failed || !this.folder.recheck()) {
      this.failed = true;
      return;
    }
    try {
      for (let i = this.backupCount - 1; i >= 1; i--) this.driver.rename(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      this.driver.rename(this.path, `${this.path}.1`);
    } catch (err) {
      this.report(
        `rotate:${this.path}`,
        `cannot rotate log file ${this.path} (${errorText(err)}); it keeps growing past its size limit`,
      );
    }
    this.diskSize = 0;
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = -1;
    if (fd < 0 || fd === this.abandonedFd) return;
    try {
      this.driver.close(fd);
    } catch (err) {
      this.report(`close:${this.path}`, `cannot close log file ${this.path} (${errorText(err)})`);
    }
  }

  private safeSize(fd: number, fallback: number): number {
    if (fd < 0) return fallback;
    try {
      return this.driver.size(fd);
    } catch {
      return fallback; // the size is only a hint here; the caller keeps its own count
    }
  }
}
