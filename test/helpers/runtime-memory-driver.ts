/**
 * An in-memory FileDriver for pipeline tests, with switchable failures (EACCES on open,
 * ENOSPC on write) to check that a failing file is reported once and nothing else stops.
 */
import type { DirIdentity, FileDriver } from "../../runtime/handlers/driver";

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
  /** The file object each fd was opened on (it outlives a removal of its name). */
  private readonly openFiles = new Map<number, MemFile>();
  private next = 100;
  /** Return an error to make `open` of that path fail. */
  failOpen: (path: string) => Error | undefined = () => undefined;
  /** Return an error to make a `write` to that path fail. */
  failWrite: (path: string) => Error | undefined = () => undefined;
  /**
   * Bytes left on the device, undefined for no limit: a write larger than this writes what
   * fits and returns that count (a short write), the next one fails with ENOSPC.
   */
  space: number | undefined;
  writes = 0;
  private nextIno = 1;
  private readonly inodes = new Map<string, number>();

  mkdirBase(path: string, mode: number): number {
    if (!this.dirs.has(path)) this.dirs.set(path, mode);
    return this.dirs.get(path)!;
  }

  mkdirOwn(path: string, mode: number): DirIdentity {
    this.dirs.set(path, mode);
    if (!this.inodes.has(path)) this.inodes.set(path, this.nextIno++);
    return { dev: 1, ino: this.inodes.get(path)! };
  }

  sameDir(path: string, id: DirIdentity): boolean {
    return this.dirs.has(path) && this.inodes.get(path) === id.ino;
  }

  /** Removes a folder and every file in it, as `rm -r` behind the logger's back would. */
  removeDir(path: string): void {
    this.dirs.delete(path);
    this.inodes.delete(path);
    for (const f of [...this.files.keys()]) if (f.startsWith(path + "/")) this.files.delete(f);
  }

  sameFile(fd: number, path: string): boolean {
    const open = this.fds.get(fd);
    return open !== undefined && this.files.get(path) === this.openFiles.get(fd);
  }

  open(path: string, mode: number): number {
    const err = this.failOpen(path);
    if (err !== undefined) throw err;
    if (!this.files.has(path)) this.files.set(path, { chunks: [], mode });
    const fd = this.next++;
    this.fds.set(fd, path);
    this.openFiles.set(fd, this.files.get(path)!);
    return fd;
  }

  /** Removes a file's name, as `rm` would; an open fd keeps writing to the unlinked file. */
  unlink(path: string): void {
    this.files.delete(path);
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
    const n = this.fit(data, path);
    if (n < 0) {
      setImmediate(() => callback(errnoError("ENOSPC", "write", path), 0));
      return;
    }
    // Applied at once, acknowledged later: like the thread pool finishing before the callback runs.
    this.file(fd).chunks.push(data.subarray(0, n).toString("latin1"));
    setImmediate(() => callback(null, n));
  }

  writeSync(fd: number, data: Buffer): number {
    const path = this.fds.get(fd)!;
    const err = this.failWrite(path);
    this.writes++;
    if (err !== undefined) throw err;
    const n = this.fit(data, path);
    if (n < 0) throw errnoError("ENOSPC", "write", path);
    this.file(fd).chunks.push(data.subarray(0, n).toString("latin1"));
    return n;
  }

  /** How much of `data` the device takes: -1 when it is full. */
  private fit(data: Buffer, _path: string): number {
    if (this.space === undefined) return data.length;
    if (this.space === 0) return -1;
    const n = Math.min(this.space, data.length);
    this.space -= n;
    return n;
  }

  close(fd: number): void {
    this.fds.delete(fd);
    this.openFiles.delete(fd);
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
    const file = this.openFiles.get(fd);
    if (file === undefined) throw errnoError("EBADF", "write", String(fd));
    return file;
  }
}
