// Small statistics helpers shared by the harness and the parts.

export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median absolute deviation relative to the median, in percent: a noise indicator. */
export function madPercent(values) {
  const m = median(values);
  if (!Number.isFinite(m) || m === 0) return NaN;
  return (median(values.map((v) => Math.abs(v - m))) / m) * 100;
}

export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
