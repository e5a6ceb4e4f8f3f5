/**
 * File I/O behind a small driver (STYLE §7, after LogTape's rotating sink), so tests can
 * swap in an in-memory or failing driver (ENOSPC, EACCES) while real-file tests cover
 * modes, links and rotation.
 *
 * Only `write` is asynchronous. Opening, renaming and closing happen once per file or per
 * rotation, inside a batch (off the caller's path); keeping them synchronous keeps their
 * order with the writes trivially right. `writeSync` serves the final flush on exit.
 *
 * Links (README: Configuration): another user who can write to the log directory may plant symbolic
 * links where logcrest will create its folders and files, to make a process running as
 * root append to, or chmod, a file of their choice. So nothing logcrest creates is ever
 * used through a link: files are opened with O_NOFOLLOW (and O_EXCL when the name is new),
 * an existing file must be a regular file with one link, owned by this user; folders are
 * checked with lstat and chmod-ed only through a descriptor opened with O_NOFOLLOW. The
 * base directory itself is the user's choice and may be a link.
 */
import * as fs from "node:fs";

const C = fs.constants;

/** A refusal of ours (a planted link, a foreign file): reported like an I/O error. */
export class UnsafePathError extends Error {
  readonly code = "EUNSAFE";
}

/** Identity of a folder checked once, so a later rotation can see that it was swapped. */
export interface DirIdentity {
  dev: number;
  ino: number;
}

export interface FileDriver {
  /**
   * The user's base directory: created with its parents (`mkdir -p`, mode filtered by the
   * umask) when missing, left as the user made it otherwise. It may be a link. Returns its
   * mode bits (following links), for the warning about a directory others can write.
   */
  mkdirBase(path: string, mode: number): number;
  /**
   * One of our folders (success/, error/, flows/) directly inside the base: created with
   * `mode`, or, when it exists, checked to be a real directory (not a link) and given
   * `mode` through a descriptor. Throws UnsafePathError for a link or a non-directory.
   */
  mkdirOwn(path: string, mode: number): DirIdentity;
  /** Whether `path` is still the folder `mkdirOwn` returned (not removed, not swapped for a link). */
  sameDir(path: string, id: DirIdentity): boolean;
  /**
   * Opens for appending without following a link: a new name is created with O_EXCL and
   * `mode`; an existing one must be a regular file with one link owned by this user, and
   * gets `mode`. Throws UnsafePathError otherwise.
   */
  open(path: string, mode: number): number;
  /** Whether the open `fd` is still the file at `path` (not deleted, not replaced). */
  sameFile(fd: number, path: string): boolean;
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

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

const uid = typeof process.geteuid === "function" ? process.geteuid() : -1;

/** O_NOFOLLOW/O_DIRECTORY do not exist on Windows (0 there); no links to fear from them. */
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const DIRECTORY = C.O_DIRECTORY ?? 0;
// O_NONBLOCK: opening a planted FIFO must not hang the process (it is refused right after).
const APPEND_EXISTING = C.O_WRONLY | C.O_APPEND | NOFOLLOW | (C.O_NONBLOCK ?? 0);
const APPEND_NEW = C.O_WRONLY | C.O_APPEND | C.O_CREAT | C.O_EXCL | NOFOLLOW;

function refuse(path: string, why: string): never {
  throw new UnsafePathError(`${path} ${why}; logcrest does not write through it`);
}

/** lstat's verdict on a path we are about to use, as a refusal message, or undefined when fine. */
function linkProblem(st: fs.Stats, wantDir: boolean): string | undefined {
  if (st.isSymbolicLink()) return "is a symbolic link";
  if (wantDir && !st.isDirectory()) return "is not a directory";
  if (!wantDir && !st.isFile()) return "is not a regular file";
  return undefined;
}

/** Checks an fd just opened on `path` and sets its mode; closes it and throws when unsafe. */
function adopt(fd: number, path: string, mode: number, isNew: boolean): number {
  try {
    const st = fs.fstatSync(fd);
    const problem = linkProblem(st, false);
    if (problem !== undefined) refuse(path, problem);
    if (!isNew) {
      // A hard link to someone's file, or a file another user planted under our name.
      if (st.nlink > 1) refuse(path, `has ${st.nlink} hard links`);
      if (uid >= 0 && st.uid !== uid) refuse(path, `is owned by another user (uid ${st.uid})`);
    }
    // Through the descriptor: the umask can only narrow `mode`, and an existing file may be wider.
    fs.fchmodSync(fd, mode);
    return fd;
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

export const nodeDriver: FileDriver = {
  mkdirBase(path, mode) {
    fs.mkdirSync(path, { recursive: true, mode });
    const st = fs.statSync(path);
    if (!st.isDirectory()) refuse(path, "is not a directory");
    return st.mode & 0o7777;
  },
  mkdirOwn(path, mode) {
    try {
      fs.mkdirSync(path, mode);
    } catch (err) {
      if (code(err) !== "EEXIST") throw err;
    }
    const before = fs.lstatSync(path);
    const problem = linkProblem(before, true);
    if (problem !== undefined) refuse(path, problem);
    // chmod through a descriptor that refused to follow a link, and on the very folder lstat saw.
    const fd = fs.openSync(path, C.O_RDONLY | DIRECTORY | NOFOLLOW);
    try {
      const st = fs.fstatSync(fd);
      if (st.ino !== before.ino || st.dev !== before.dev) refuse(path, "changed while it was checked");
      if ((st.mode & 0o7777) !== mode) fs.fchmodSync(fd, mode);
      return { dev: st.dev, ino: st.ino };
    } finally {
      fs.closeSync(fd);
    }
  },
  sameDir(path, id) {
    try {
      const st = fs.lstatSync(path);
      return st.isDirectory() && !st.isSymbolicLink() && st.ino === id.ino && st.dev === id.dev;
    } catch {
      return false;
    }
  },
  open(path, mode) {
    let fd: number;
    try {
      fd = fs.openSync(path, APPEND_NEW, mode);
      return adopt(fd, path, mode, true);
    } catch (err) {
      if (code(err) !== "EEXIST") throw err;
    }
    try {
      fd = fs.openSync(path, APPEND_EXISTING);
    } catch (err) {
      if (code(err) === "ELOOP") refuse(path, "is a symbolic link");
      throw err;
    }
    return adopt(fd, path, mode, false);
  },
  sameFile(fd, path) {
    try {
      const st = fs.lstatSync(path);
      const open = fs.fstatSync(fd);
      return st.isFile() && st.ino === open.ino && st.dev === open.dev;
    } catch {
      return false;
    }
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
      if (code(err) === "ENOENT") return false;
      throw err;
    }
  },
};
