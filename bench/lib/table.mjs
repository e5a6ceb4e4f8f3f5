// Tables for the terminal and for BENCHMARKS.md, from the same rows.

/**
 * `columns`: [{ key, title, align?: "left" | "right", format?: name in `fmt` }]. Formats
 * are named, not functions, so that columns survive the trip through results JSON.
 */
export function cells(columns, rows) {
  return rows.map((row) =>
    columns.map((c) => {
      const f = c.format === undefined ? undefined : fmt[c.format];
      if (c.format !== undefined && f === undefined) throw new Error(`unknown column format ${c.format}`);
      return f ? f(row[c.key]) : String(row[c.key] ?? "");
    }),
  );
}

export function textTable(columns, rows) {
  const body = cells(columns, rows);
  const widths = columns.map((c, i) => Math.max(c.title.length, ...body.map((r) => r[i].length)));
  const line = (vals) =>
    vals.map((v, i) => (columns[i].align === "left" ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  return [line(columns.map((c) => c.title)), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function markdownTable(columns, rows) {
  const body = cells(columns, rows);
  const esc = (s) => s.replace(/\|/g, "\\|");
  const head = `| ${columns.map((c) => esc(c.title)).join(" | ")} |`;
  const sep = `|${columns.map((c) => (c.align === "left" ? "---" : "---:")).join("|")}|`;
  return [head, sep, ...body.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

export const fmt = {
  ns: (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "—"),
  ns1: (v) => (Number.isFinite(v) ? v.toFixed(1) : "—"),
  ratio: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : "—"),
  int: (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "—"),
  pct: (v) => (Number.isFinite(v) ? `±${v.toFixed(1)}%` : "—"),
  mb: (v) => (Number.isFinite(v) ? `${(v / 1048576).toFixed(1)} MB` : "—"),
  ms: (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString("en-US")} ms` : "—"),
};
