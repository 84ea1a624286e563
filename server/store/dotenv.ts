// A pure .env parser for POST /import/dotenv: `KEY=VALUE` lines, optional `export ` prefix,
// `#` comments, single quotes (literal), double quotes (\n, \t, \", \\ escapes, may span lines)
// and unquoted values (trimmed, ` #` starts a comment). Later assignments win, as in shells.

export interface DotenvParseResult {
  values: Map<string, string>;
  /** 1-based numbers of non-blank, non-comment lines that are not assignments. */
  invalidLines: number[];
  /** 1-based numbers of lines holding a carriage return without a line feed (old Mac endings). */
  loneCarriageReturns: number[];
}

/**
 * A hand-written scanner, linear in the input: regular expressions with `\s*`/`\s+` next to
 * optional parts rescanned long runs of spaces once per position (59,000 spaces took seconds).
 * `dotenv`'s parser is linear but drops lines it does not understand and unescapes differently.
 * U+2028 and U+2029 are ordinary characters in a value, not line breaks.
 */
export function parseDotenv(content: string): DotenvParseResult {
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  const values = new Map<string, string>();
  const invalidLines: number[] = [];
  const loneCarriageReturns: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes("\r")) {
      loneCarriageReturns.push(i + 1);
      invalidLines.push(i + 1);
      continue;
    }
    const assignment = scanAssignment(line);
    if (assignment === "blank") continue;
    if (assignment === null) {
      invalidLines.push(i + 1);
      continue;
    }
    const { name, rest } = assignment;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      const parsed = readQuoted(lines, i, rest, quote);
      if (parsed === null) {
        invalidLines.push(i + 1);
        continue;
      }
      values.set(name, parsed.value);
      i = parsed.lastLine;
    } else {
      values.set(name, unquotedValue(rest));
    }
  }
  return { values, invalidLines, loneCarriageReturns };
}

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\v" || c === "\f";
const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** `[export ]NAME = rest`, "blank" for blank and comment lines, null for anything else. */
function scanAssignment(line: string): { name: string; rest: string } | "blank" | null {
  let i = 0;
  while (isSpace(line[i])) i++;
  if (i === line.length || line[i] === "#") return "blank";
  if (line.startsWith("export", i) && isSpace(line[i + 6])) {
    let j = i + 6;
    while (isSpace(line[j])) j++;
    // `export = x` assigns a variable called export; only a name after it makes it a prefix.
    if (isNameStart(line[j])) i = j;
  }
  if (!isNameStart(line[i])) return null;
  const nameStart = i;
  while (isNamePart(line[i])) i++;
  const name = line.slice(nameStart, i);
  while (isSpace(line[i])) i++;
  if (line[i] !== "=") return null;
  i++;
  while (isSpace(line[i])) i++;
  return { name, rest: line.slice(i) };
}

/** An unquoted value: up to a `#` that follows white space, trimmed. */
function unquotedValue(rest: string): string {
  let end = rest.length;
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] === "#" && isSpace(rest[i - 1])) {
      end = i;
      break;
    }
  }
  let last = end;
  while (last > 0 && isSpace(rest[last - 1])) last--;
  return rest.slice(0, last);
}

/**
 * Reads a quoted value starting at `rest` on line `start`; null if the quote never closes. Each
 * line is scanned once (a backslash at a line's end escapes only the newline), so an unclosed
 * quote in a 60 KB body costs linear time, not a rescan of the growing value per line.
 */
function readQuoted(lines: string[], start: number, rest: string, quote: string): { value: string; lastLine: number } | null {
  const parts: string[] = [];
  let segment = rest.slice(1);
  for (let lineNo = start; lineNo < lines.length; lineNo++) {
    const close = findClosingQuote(segment, quote);
    if (close >= 0) {
      parts.push(segment.slice(0, close));
      const raw = parts.join("\n");
      return { value: quote === '"' ? unescapeDouble(raw) : raw, lastLine: lineNo };
    }
    parts.push(segment);
    const next = lines[lineNo + 1];
    if (next === undefined) return null;
    segment = next;
  }
  return null;
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" })[c] ?? c);
}
