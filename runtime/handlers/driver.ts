/**
 * File I/O behind a small driver (STYLE §7, after LogTape's rotating sink), so tests can
 * swap in an in-memory or failing driver (ENOSPC, EACCES) while real-file tests cover
 * modes and rotation.
 *
 * Only `write` is asynchronous. Opening, renaming and closing happen once per file or per
 * rotation, inside a batch (off the caller's path); keeping them synchronous keeps their
 * order with the writes trivially right. `writeSync` serves the final flush on exit.
 */
import * as fs from "node:fs";

export interface FileDriver {
  /**
   * Creates `path` and its parents with `mode` (like `mkdir -p`). With `own`, the mode is
   * also applied when `path` already exists (the success/ error/ flows/ folders are ours;
   * the user's base directory is left as the user made it).
   */
  mkdir(path: string, mode: number, own: boolean): void;
  /** Opens for appending, creating with `mode`; the mode is also applied to an existing file. */
  open(path: string, mode: number): number;
  /** Current size of an open file. */
  size(fd: number): number;
  write(fd: number, data: Buffer, callback: (err: Error | null, written: number) => void): void;
  writeSync(fd: number, data: Buffer): number;
  close(fd: number): void;
  /** Renames, replacing `to`; a missing `from` is not an error (returns false). */
  rename(from: string, to: string): boolean;
}

/** @types/node 20's Buffer and TypeScript 6's Uint8Array disagree on `.buffer`; at run time a Buffer is a Uint8Array. */
function bytes(data: Buffer): Uint8Array {
  return data as unknown as Uint8Array;
}

export const nodeDriver: FileDriver = {
  mkdir(path, mode, own) {
    const created = fs.mkdirSync(path, { recursive: true, mode });
    // mkdir's mode is filtered by the umask and leaves an existing directory alone.
    if (own || created !== undefined) fs.chmodSync(path, mode);
  },
  open(path, mode) {
    const fd = fs.openSync(path, "a", mode);
    try {
      // The umask can only narrow `mode`, but the file may already exist with wider bits.
      fs.fchmodSync(fd, mode);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return fd;
  },
  size(fd) {
    return fs.fstatSync(fd).size;
  },
  write(fd, data, callback) {
    fs.write(fd, bytes(data), 0, data.length, null, callback);
  },
  writeSync(fd, data) {
    return fs.writeSync(fd, bytes(data), 0, data.length, null);
  },
  close(fd) {
    fs.closeSync(fd);
  },
  rename(from, to) {
    try {
      fs.renameSync(from, to);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw err;
    }
  },
};
