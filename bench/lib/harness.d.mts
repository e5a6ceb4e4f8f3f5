// Types for bench/lib/harness.mjs (used by test/bench-smoke.test.ts).
export interface Measured {
  calls: number;
  checksum: number;
  nsPerCall: number;
  noisePct: number;
  busyNsPerCall: number;
  rounds: number[];
}
export declare function measureCalls(
  fn: (i: number) => number | Promise<number>,
  options?: { isAsync?: boolean; callsPerTurn?: number; turns?: number; rounds?: number; warmupRounds?: number },
): Promise<Measured>;
export declare const RESULT_PREFIX: string;
export declare function report(result: unknown): void;
export declare function runCase(body: () => Promise<unknown>): void;
