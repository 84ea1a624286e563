// Cheap text lookups that let extraction skip most of the syntax tree: line starts for
// positions, and sorted offsets of the words a subtree must contain to matter.

/**
 * Offsets where each line starts. Line breaks are \n, \r\n and \r: the LSP's definition (unlike
 * TypeScript's, which also breaks at U+2028/U+2029), so positions match what editors show.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf("\r") < 0) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low]! };
}

/**
 * Sorted offsets in [start, end) where a word starts with one of `prefixes` (distinct; indexOf per
 * prefix: far faster than one big regex). A prefix is matched at a word start only, so "scope"
 * finds `.scope(` and `scopes`. A match may run past `end`.
 */
export function wordOffsets(text: string, prefixes: readonly string[], start = 0, end = text.length): number[] {
  const out: number[] = [];
  for (const prefix of prefixes) {
    if (prefix.length === 0) continue;
    for (let i = text.indexOf(prefix, start); i >= 0 && i < end; i = text.indexOf(prefix, i + 1)) {
      if (!isWordChar(text.charCodeAt(i - 1))) out.push(i);
    }
  }
  // One prefix yields ascending offsets already.
  return prefixes.length > 1 ? out.sort(ascending) : out;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/** True when some offset lies in [start, end). */
export function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid]! < start) low = mid + 1;
    else high = mid;
  }
  return low < offsets.length && offsets[low]! < end;
}

export function spanRange(lines: number[], start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: positionAt(lines, start), end: positionAt(lines, end) };
}

/** A one-line excerpt of `text` for messages: whitespace collapsed, at most `max` characters. */
export function snippet(text: string, start: number, end: number, max = 60): string {
  const t = text.slice(start, end).replace(/\s+/g, " ");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
