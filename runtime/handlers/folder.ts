/**
 * The folders of the log files: the user's base `dir` and our success/ error/ flows/ in it.
 *
 * - The base is made on first use (its parents too) and may be a link the user chose.
 *   One that other users can write to without the sticky bit gets a one-time warning:
 *   whoever can write there can swap our folders and files.
 * - Our folders are checked with lstat, never used or chmod-ed through a link
 *   (driver.ts), and checked again before every rotation and whenever a file has to be
 *   opened again: a folder deleted while running is made again (and reported once), a
 *   folder swapped for a link is refused (reported once, naming it) and only its output
 *   stops.
 */
import { errorText, type Reporter } from "./report";
import type { DirIdentity, FileDriver } from "./driver";

export const DIR_MODE = 0o700;

const OTHERS_WRITE = 0o022;
const STICKY = 0o1000;

export class BaseFolder {
  private state: boolean | undefined;

  constructor(
    readonly path: string,
    private readonly driver: FileDriver,
    private readonly report: Reporter,
  ) {}

  /** Makes the base (once; again after it was removed when `again`); false when it cannot be made. */
  ready(again = false): boolean {
    if (this.state === false) return false;
    if (this.state === true && !again) return true;
    try {
      const mode = this.driver.mkdirBase(this.path, DIR_MODE);
      this.state = true;
      if ((mode & OTHERS_WRITE) !== 0 && (mode & STICKY) === 0) {
        this.report(
          `wide:${this.path}`,
          `log directory ${this.path} can be written by other users (mode ${mode.toString(8).padStart(4, "0")}) and has no sticky bit; they could replace the log folders and files in it. logcrest refuses links it did not make, but prefer a directory only this user can write`,
        );
      }
    } catch (err) {
      this.state = false;
      this.report(
        `dir:${this.path}`,
        `cannot create log directory ${this.path} (${errorText(err)}); no log files are written, the application and the other outputs go on`,
      );
    }
    return this.state;
  }
}

export class LogFolder {
  private state: boolean | undefined;
  private id: DirIdentity | undefined;

  constructor(
    readonly path: string,
    private readonly base: BaseFolder,
    private readonly driver: FileDriver,
    private readonly report: Reporter,
  ) {}

  /** Makes and checks the folder on first use; false when it cannot be used (already reported). */
  ready(): boolean {
    if (this.state === undefined) this.state = this.base.ready() && this.make();
    return this.state;
  }

  /**
   * Before a rotation or a reopen: still the folder that was checked? A removed folder is
   * made again; a swapped or unusable one stops this output.
   */
  recheck(): boolean {
    if (!this.ready()) return false;
    if (this.id !== undefined && this.driver.sameDir(this.path, this.id)) return true;
    this.state = this.base.ready(true) && this.make();
    if (this.state) {
      this.report(`remade:${this.path}`, `log directory ${this.path} was removed or replaced while running; logcrest made it again`);
    }
    return this.state;
  }

  private make(): boolean {
    try {
      this.id = this.driver.mkdirOwn(this.path, DIR_MODE);
      return true;
    } catch (err) {
      this.report(
        `dir:${this.path}`,
        `cannot use log directory ${this.path} (${errorText(err)}); its records are dropped, the application and the other outputs go on`,
      );
      return false;
    }
  }
}
