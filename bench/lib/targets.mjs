// A target of issue 7 and what this run measured for it.
export function target(id, text, measured, limit, { higherIsBetter = false, unit = "x", detail } = {}) {
  const pass = Number.isFinite(measured) && (higherIsBetter ? measured >= limit : measured <= limit);
  return { id, text, measured, limit, unit, pass, detail };
}

/** A target this run could not measure (a piece missing): never reported as met. */
export function unmeasured(id, text, reason) {
  return { id, text, measured: null, limit: null, pass: null, detail: reason };
}
