/**
 * Latency samples for the report (percentiles: report-stats.ts).
 *
 * Samples are kept exactly, in a growable Float64Array (8 bytes a sample, no object per
 * sample): 1,000,000 calls of one function cost 8 MB, and percentiles are the true
 * nearest-rank values rather than a sketch's estimate.
 */
export class Samples {
  private data = new Float64Array(16);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** The samples in the order added (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }

  /** Sorted copy of the samples (Float64Array sorts numerically). */
  sorted(): Float64Array {
    return this.data.slice(0, this.size).sort();
  }
}
