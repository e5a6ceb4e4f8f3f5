/**
 * The file steps of the webpack/rspack plugins in this process, by id: the plugin registers
 * its step, its loader rule carries only the id (rspack serialises loader options), and the
 * loader, running in the same process, looks the step up again.
 */
import type { FileStep } from "./file-step";

const steps = new Map<string, FileStep>();

export function registerStep(step: FileStep): string {
  const id = `logcrest-${steps.size + 1}`;
  steps.set(id, step);
  return id;
}

export function stepById(id: unknown): FileStep | undefined {
  return typeof id === "string" ? steps.get(id) : undefined;
}
