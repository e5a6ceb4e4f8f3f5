// Types for bench/lib/checksum.mjs (used by test/bench-smoke.test.ts).
export declare function expectedChecksum(calls: number, callsPerTurn?: number, fn?: (x: number) => number): number;
