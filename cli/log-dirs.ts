/**
 * The log directories a command reads: one per service. Each gets a label (its service
 * name in joined waterfalls and in the report): the directory's name, or its parent's when
 * it is called `logs` or `flows` (`/srv/svc-a/logs` → `svc-a`); the whole path as given
 * when that would make two labels the same.
 */
import { basename, dirname, join, normalize } from "node:path";
import { InputError } from "./args";
import { type LogFile, listLogFiles } from "./log-files";
import { listFlowFiles } from "./read-flows";

export interface LogDir {
  readonly label: string;
  readonly path: string;
  readonly flowsDir: string;
  readonly flowFiles: LogFile[];
  /** success/ and error/ beside flows/ (optional: a flows-only directory still works). */
  readonly recordFiles: LogFile[];
}

function shortLabel(path: string): string {
  const clean = normalize(path).replace(/[\\/]+$/, "");
  const last = basename(clean);
  const parent = dirname(clean);
  if ((last === "logs" || last === "flows") && parent !== "." && parent !== clean) return shortLabel(parent);
  return last === "" ? clean : last;
}

export function serviceLabels(paths: readonly string[]): string[] {
  const short = paths.map(shortLabel);
  return short.map((s, i) => (short.indexOf(s) !== short.lastIndexOf(s) ? paths[i]! : s));
}

export function openLogDirs(paths: readonly string[]): LogDir[] {
  const labels = serviceLabels(paths);
  return paths.map((path, i) => {
    const { dir: flowsDir, files } = listFlowFiles(path);
    if (files === undefined) throw new InputError(`no flows directory at ${flowsDir} (is '${path}' a logcrest log directory?)`);
    const root = dirname(flowsDir);
    return {
      label: labels[i]!,
      path,
      flowsDir,
      flowFiles: files,
      recordFiles: [...(listLogFiles(join(root, "success")) ?? []), ...(listLogFiles(join(root, "error")) ?? [])],
    };
  });
}
