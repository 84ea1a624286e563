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

/** Reads a quoted value starting at `rest` on line `start`; null if the quote never closes. */
function readQuoted(lines: string[], start: number, rest: string, quote: string): { value: string; lastLine: number } | null {
  let text = rest.slice(1);
  for (let lineNo = start; lineNo < lines.length; lineNo++) {
    const close = findClosingQuote(text, quote);
    if (close >= 0) {
      const raw = text.slice(0, close);
      return { value: quote === '"' ? unescapeDouble(raw) : raw, lastLine: lineNo };
    }
    const next = lines[lineNo + 1];
    if (next === undefined) return null;
    text = `${text}\n${next}`;
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
