/**
 * Progress on stderr for long inputs: a line at every 10% of the bytes to read, only when
 * there is enough to read for it to matter (the threshold), so short runs stay quiet.
 */
export const LONG_INPUT_BYTES = 8 * 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class Progress {
  private read = 0;
  private nextTenth = 1;
  private readonly enabled: boolean;

  constructor(
    private readonly totalBytes: number,
    private readonly write: (text: string) => void,
    private readonly status: () => string,
    quiet: boolean,
    threshold = LONG_INPUT_BYTES,
  ) {
    this.enabled = !quiet && totalBytes >= threshold;
    if (this.enabled) this.write(`logcrest report: reading ${mb(totalBytes)} of logs\n`);
  }

  readonly advance = (bytes: number): void => {
    this.read += bytes;
    if (!this.enabled) return;
    while (this.nextTenth <= 10 && this.read >= (this.totalBytes * this.nextTenth) / 10) {
      this.write(`logcrest report: ${this.nextTenth * 10}% (${mb(this.read)} of ${mb(this.totalBytes)}) ${this.status()}\n`);
      this.nextTenth++;
    }
  };
}
