// Types for bench/lib/lines.mjs (used by test/bench-smoke.test.ts).
export declare function countFileLines(path: string): number;
export declare function countDirLines(dir: string, pattern?: RegExp): number;
export declare class WorkMismatch extends Error {
  expected: number;
  actual: number;
  constructor(label: string, expected: number, actual: number);
}
export declare function expectCount(label: string, expected: number, actual: number): number;
export declare function settleCount(count: () => number, expected: number, options?: { quietMs?: number; timeoutMs?: number }): Promise<number>;
