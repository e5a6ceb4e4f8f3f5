/**
 * The part shared by outputs that write everything at the end of each batch, synchronously
 * (the console on stderr, JSON lines on stdout): nothing is ever left pending after a
 * batch, so there is no backlog to wait for, and flushing or closing is one more endBatch().
 */
export abstract class ImmediateSink {
  /** Writes what the batch formatted. */
  abstract endBatch(): void;

  backlog(): number {
    return 0;
  }

  onDrain(callback: () => void): void {
    callback();
  }

  flush(): Promise<void> {
    this.endBatch();
    return Promise.resolve();
  }

  flushSync(): void {
    this.endBatch();
  }

  close(): Promise<void> {
    return this.flush();
  }

  closeSync(): void {
    this.endBatch();
  }
}
