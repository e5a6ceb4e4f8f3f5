/**
 * An in-memory FileDriver for pipeline tests, with switchable failures (EACCES on open,
 * ENOSPC on write) to check that a failing file is reported once and nothing else stops.
 */
import type { FileDriver } from "../../runtime/handlers/driver";

export function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    EACCES: "permission denied",
    ENOSPC: "no space left on device",
  };
  const err = new Error(`${code}: ${messages[code] ?? "failed"}, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  err.code = code;
  err.syscall = syscall;
  err.path = path;
  return err;
}

interface MemFile {
  /** Bytes kept as latin1 strings: one char per byte, so lengths are byte counts. */
  chunks: string[];
  mode: number;
}

export class MemoryDriver implements FileDriver {
  readonly files = new Map<string, MemFile>();
  readonly dirs = new Map<string, number>();
  private readonly fds = new Map<number, string>();
  private next = 100;
  /** Return an error to make `open` of that path fail. */
  failOpen: (path: string) => Error | undefined = () => undefined;
  /** Return an error to make a `write` to that path fail. */
  failWrite: (path: string) => Error | undefined = () => undefined;
  writes = 0;

  mkdir(path: string, mode: number): void {
    this.dirs.set(path, mode);
  }

  open(path: string, mode: number): number {
    const err = this.failOpen(path);
    if (err !== undefined) throw err;
    if (!this.files.has(path)) this.files.set(path, { chunks: [], mode });
    const fd = this.next++;
    this.fds.set(fd, path);
    return fd;
  }

  size(fd: number): number {
    return this.file(fd).chunks.reduce((n, c) => n + c.length, 0);
  }

  write(fd: number, data: Buffer, callback: (err: Error | null, written: number) => void): void {
    const path = this.fds.get(fd)!;
    const err = this.failWrite(path);
    this.writes++;
    if (err !== undefined) {
      setImmediate(() => callback(err, 0));
      return;
    }
    // Applied at once, acknowledged later: like the thread pool finishing before the callback runs.
    this.file(fd).chunks.push(data.toString("latin1"));
    setImmediate(() => callback(null, data.length));
  }

  writeSync(fd: number, data: Buffer): number {
    const path = this.fds.get(fd)!;
    const err = this.failWrite(path);
    this.writes++;
    if (err !== undefined) throw err;
    this.file(fd).chunks.push(data.toString("latin1"));
    return data.length;
  }

  close(fd: number): void {
    this.fds.delete(fd);
  }

  rename(from: string, to: string): boolean {
    const f = this.files.get(from);
    if (f === undefined) return false;
    this.files.set(to, f);
    this.files.delete(from);
    return true;
  }

  text(path: string): string {
    const f = this.files.get(path);
    return f === undefined ? "" : Buffer.from(f.chunks.join(""), "latin1").toString("utf8");
  }

  lines(path: string): string[] {
    return this.text(path).split("\n").filter((l) => l !== "");
  }

  openFds(): number {
    return this.fds.size;
  }

  private file(fd: number): MemFile {
    const path = this.fds.get(fd);
    if (path === undefined) throw errnoError("EBADF", "write", String(fd));
    return this.files.get(path)!;
  }
}
