// `--name value` options for case scripts, with numeric defaults.
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1 || i + 1 >= process.argv.length) return fallback;
  const raw = process.argv[i + 1];
  const n = Number(raw);
  return Number.isFinite(n) && typeof fallback === "number" ? n : raw;
}
