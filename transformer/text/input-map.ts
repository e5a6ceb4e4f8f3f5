/**
 * Chaining with a map the input already carries (a file compiled from something else,
 * with an inline `//# sourceMappingURL=data:...`): our map points into the input, the
 * input's map points to the real source; composing them gives one map to the real source.
 * Self-contained VLQ codec: the transformer may depend only on typescript and magic-string.
 */

export interface RawSourceMap {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
}

/** [generatedColumn, sourceIndex, sourceLine, sourceColumn, nameIndex?] (all 0-based). */
type Segment = [number] | [number, number, number, number] | [number, number, number, number, number];

const INLINE_RE = /\n?\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

/** Splits a trailing inline source map off `code`. Undefined when there is none (or it is unreadable JSON). */
export function extractInlineMap(code: string): { code: string; map: RawSourceMap } | undefined {
  const m = INLINE_RE.exec(code);
  if (m === null) return undefined;
  let map: RawSourceMap;
  try {
    map = JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) as RawSourceMap;
  } catch (err) {
    // A broken map comment is the input's problem: we map to the input itself instead.
    process.emitWarning(`logcrest: ignoring unreadable inline source map (${String(err)})`, { code: "LOGCREST_BAD_INPUT_MAP" });
    return undefined;
  }
  if (typeof map.mappings !== "string" || !Array.isArray(map.sources)) return undefined;
  return { code: code.slice(0, m.index), map };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let col = 0;
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  let i = 0;
  const readVlq = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const digit = B64_INDEX[mappings.charCodeAt(i++)]!;
      if (digit < 0) throw new Error(`bad VLQ digit at ${i - 1}`);
      result += (digit & 31) << shift;
      shift += 5;
      if ((digit & 32) === 0) break;
    }
    return result & 1 ? -(result >>> 1) : result >>> 1;
  };
  while (i <= mappings.length) {
    const c = mappings[i];
    if (i === mappings.length || c === ";") {
      lines.push(line);
      line = [];
      col = 0;
      i++;
      continue;
    }
    if (c === ",") {
      i++;
      continue;
    }
    col += readVlq();
    const next = mappings[i];
    if (i >= mappings.length || next === "," || next === ";") {
      line.push([col]);
      continue;
    }
    src += readVlq();
    srcLine += readVlq();
    srcCol += readVlq();
    const after = mappings[i];
    if (i < mappings.length && after !== "," && after !== ";") {
      name += readVlq();
      line.push([col, src, srcLine, srcCol, name]);
    } else {
      line.push([col, src, srcLine, srcCol]);
    }
  }
  return lines;
}

function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = "";
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

export function encodeMappings(lines: readonly (readonly Segment[])[]): string {
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  return lines
    .map((line) => {
      let col = 0;
      return line
        .map((seg) => {
          let s = vlq(seg[0] - col);
          col = seg[0];
          if (seg.length >= 4) {
            s += vlq(seg[1]! - src) + vlq(seg[2]! - srcLine) + vlq(seg[3]! - srcCol);
            src = seg[1]!;
            srcLine = seg[2]!;
            srcCol = seg[3]!;
          }
          if (seg.length === 5) {
            s += vlq(seg[4] - name);
            name = seg[4];
          }
          return s;
        })
        .join(",");
    })
    .join(";");
}

/** The last segment of `line` starting at or before `column`. */
function lookup(line: readonly Segment[] | undefined, column: number): Segment | undefined {
  if (line === undefined) return undefined;
  let lo = 0;
  let hi = line.length - 1;
  let found: Segment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (line[mid]![0] <= column) {
      found = line[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `outer` maps output → input; `inner` maps input → original. Result: output → original. */
export function composeWithInputMap(outer: RawSourceMap, inner: RawSourceMap): RawSourceMap {
  const innerLines = decodeMappings(inner.mappings);
  const lines = decodeMappings(outer.mappings).map((line) => {
    const out: Segment[] = [];
    for (const seg of line) {
      if (seg.length < 4) continue;
      const hit = lookup(innerLines[seg[2]!], seg[3]!);
      if (hit === undefined || hit.length < 4) continue;
      out.push(hit.length === 5 ? [seg[0], hit[1], hit[2], hit[3], hit[4]] : [seg[0], hit[1]!, hit[2]!, hit[3]!]);
    }
    return out;
  });
  const result: RawSourceMap = {
    version: 3,
    sources: inner.sources.map((s) => (inner.sourceRoot ? `${inner.sourceRoot.replace(/\/?$/, "/")}${s}` : s)),
    names: inner.names ?? [],
    mappings: encodeMappings(lines),
  };
  if (outer.file !== undefined) result.file = outer.file;
  if (inner.sourcesContent !== undefined) result.sourcesContent = inner.sourcesContent;
  return result;
}

/**
 * `outer` maps a bundle to the modules as the bundler read them; for the modules that were
 * our output, `innerOf` gives our map (its `sources` named as `outer` names its own, and with
 * the original text as `sourcesContent`). Result: the bundle mapped to the original files.
 * Sources without an inner map are kept as they are; outer `names` are kept (our edits are
 * insertions, so a name in our output is the same identifier in the original).
 */
export function composeSources(outer: RawSourceMap, innerOf: (source: string) => RawSourceMap | undefined): RawSourceMap {
  const sources: string[] = [];
  const contents: (string | null)[] = [];
  const indexOf = new Map<string, number>();
  const add = (source: string, content: string | null | undefined): number => {
    let i = indexOf.get(source);
    if (i === undefined) {
      i = sources.push(source) - 1;
      contents.push(content ?? null);
      indexOf.set(source, i);
    }
    return i;
  };
  // Per outer source: where its segments go now (kept as is, or through our map).
  type Route = { readonly kept: number } | { readonly lines: Segment[][]; readonly to: readonly number[] };
  const routes = outer.sources.map((source, i): Route => {
    const inner = innerOf(source);
    if (inner === undefined) return { kept: add(source, outer.sourcesContent?.[i]) };
    return { lines: decodeMappings(inner.mappings), to: inner.sources.map((s, j) => add(s, inner.sourcesContent?.[j])) };
  });
  const lines = decodeMappings(outer.mappings).map((line) =>
    line.map((seg): Segment => {
      if (seg.length < 4) return seg;
      const route = routes[seg[1]!]!;
      let mapped: Segment;
      if ("kept" in route) mapped = [seg[0], route.kept, seg[2]!, seg[3]!];
      else {
        const innerLine = route.lines[seg[2]!];
        // Text inserted before the line's first original character has no segment of its
        // own: it belongs to that line (an insertion never adds one), so take its first.
        const hit = lookup(innerLine, seg[3]!) ?? innerLine?.[0];
        if (hit === undefined || hit.length < 4) return [seg[0]];
        mapped = [seg[0], route.to[hit[1]!]!, hit[2]!, hit[3]!];
      }
      return seg.length === 5 ? [...mapped, seg[4]] as Segment : mapped;
    }),
  );
  // Spread first: fields we do not know (a bundler's `debugId`) stay as they were.
  return { ...outer, sources, sourcesContent: contents, names: outer.names ?? [], mappings: encodeMappings(lines) };
}
