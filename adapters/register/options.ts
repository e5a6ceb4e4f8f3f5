/**
 * Options of the load hook, which has no config object of its own: the environment first
 * (`LOGCREST_BUILD_INCLUDE`, `LOGCREST_BUILD_EXCLUDE` as comma-separated globs,
 * `LOGCREST_BUILD_MIN_LEVEL`, `LOGCREST_BUILD_CACHE` = a directory or `false`), then
 * `logcrest.build.json` in the working directory (`{ include, exclude, minLevel, cache }`),
 * then the defaults. A malformed file or an unknown key fails the start, in one line.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { AdapterOptions } from "../file-step";

export const CONFIG_FILE = "logcrest.build.json";
const KEYS = new Set(["include", "exclude", "minLevel", "cache"]);

export class RegisterOptionsError extends Error {}

function globs(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return value.split(",").map((g) => g.trim()).filter((g) => g !== "");
}

function fromFile(cwd: string): AdapterOptions {
  const file = path.join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {}; // no file: nothing configured there
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RegisterOptionsError(`logcrest/register: ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RegisterOptionsError(`logcrest/register: ${file} must hold an object with include, exclude, minLevel, cache`);
  }
  const unknown = Object.keys(parsed).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) {
    throw new RegisterOptionsError(`logcrest/register: unknown key ${unknown.map((k) => JSON.stringify(k)).join(", ")} in ${file}; allowed: include, exclude, minLevel, cache`);
  }
  return parsed as AdapterOptions;
}

export function registerOptions(env: NodeJS.ProcessEnv, cwd: string): AdapterOptions & { root: string } {
  const file = fromFile(cwd);
  const cacheEnv = env.LOGCREST_BUILD_CACHE;
  return {
    root: cwd,
    include: globs(env.LOGCREST_BUILD_INCLUDE) ?? file.include,
    exclude: globs(env.LOGCREST_BUILD_EXCLUDE) ?? file.exclude,
    minLevel: env.LOGCREST_BUILD_MIN_LEVEL || file.minLevel,
    cache: cacheEnv === undefined || cacheEnv === "" ? file.cache : cacheEnv === "false" ? false : cacheEnv,
  };
}
