/**
 * The asynchronous hooks module for `module.register` (Node 20, and Node < 22.15): it runs
 * on the loader thread, gets its options from `initialize`, and shares the load step.
 */
import type { AdapterOptions, FileStep } from "../file-step";
import { instrumentLoaded, makeStep, type Loaded } from "./load";

let step: FileStep | undefined;

export function initialize(data: AdapterOptions & { root: string }): void {
  step = makeStep(data);
}

export async function load(url: string, context: object, nextLoad: (url: string, context: object) => Promise<Loaded>): Promise<Loaded> {
  const loaded = await nextLoad(url, context);
  return step === undefined ? loaded : instrumentLoaded(step, url, loaded);
}
