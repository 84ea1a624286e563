// A pure .env parser for POST /import/dotenv: `KEY=VALUE` lines, optional `export ` prefix,
// `#` comments, single quotes (literal), double quotes (\n, \t, \", \\ escapes, may span lines)
// and unquoted values (trimmed, ` #` starts a comment). Later assignments win, as in shells.

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

export interface DotenvParseResult {
  values: Map<string, string>;
  /** 1-based numbers of non-blank, non-comment lines that are not assignments. */
  invalidLines: number[];
}

export function parseDotenv(content: string): DotenvParseResult {
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  const values = new Map<string, string>();
  const invalidLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const match = LINE.exec(line);
    if (match === null) {
      invalidLines.push(i + 1);
      continue;
    }
    const name = match[1]!;
    const rest = match[2]!;
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
      values.set(name, rest.replace(/\s+#.*$/, "").trim());
    }
  }
  return { values, invalidLines };
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
