// Parsing is most of the analyzer's cost, and much of a typical file (zod schemas, helpers, class
// bodies) can never hold a credential fact. Before the one parse, this blanks the inside of every
// `{...}` block that provably cannot matter, with spaces of the same length and the same line
// breaks, so every node that is parsed keeps its offset, line and column.
//
// A block can matter when it contains a word the extraction reacts to (`define...`, `scope`), or
// when it follows such a word in the same statement (the options object of `defineAction({...})`,
// whose run body holds the `creds.<key>` reads). Files that could hold facts read from plain
// objects are never blanked: the config file (extract.ts skips it), anything that imports the
// credentials module (definitions read their options objects), and renamed imports of the
// action-like calls (their calls carry no marker word). The scan is a bracket matcher that knows
// strings, templates, comments and regular expressions; when unsure it blanks nothing, and
// extract.ts parses the original text whenever the blanked one does not parse cleanly.
import { anyWithin } from "./text-index";

/** Files that import it are never blanked: see the header. */
const CREDENTIALS_MODULE_TEXT = "@keystrokehq/keystroke/credentials";
/** Nor files that call the `credential` helper, which may come through a project module's re-export. */
const CREDENTIAL_HELPER_TEXT = "credential.";
/** At a marker word: an action-like call imported under another name. See the header. */
const RENAMED_IMPORT = /define\w*["']?\s+as\b/y;
/** TypeScript without JSX only: in JSX, braces and `<` mean things a bracket matcher cannot see. */
const BLANKABLE_FILE = /(?<!\.d)\.(?:ts|mts|cts)$/;
/** Keywords after which `/` starts a regular expression rather than a division. */
const REGEX_AFTER_KEYWORD = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);
/** Top-level words before a `{` that opens an import or export clause, which must stay. */
const CLAUSE_BEFORE = new Set(["import", "export", "type"]);

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const ASTERISK = 42;
const COMMA = 44;
const SLASH = 47;
const SEMICOLON = 59;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
/** A group opened by a template literal's `${`. */
const SUBSTITUTION = 1;

/** ASCII character classes: 1 = white space, 2 = identifier part, 0 = anything else. */
const ASCII_CLASS = new Uint8Array(128);
for (const c of [TAB, LF, 11, 12, CR, SPACE]) ASCII_CLASS[c] = 1;
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === DOLLAR) ASCII_CLASS[c] = 2;
}

/** 1 = white space, 2 = identifier part, 0 = anything else. */
function charClass(c: number): number {
  if (c < 128) return ASCII_CLASS[c]!;
  // Line and paragraph separators, no-break space and BOM separate tokens; anything else non-ASCII
  // is taken as part of a word, which at worst merges two tokens the bracket matching never needs.
  return c === 0x2028 || c === 0x2029 || c === 0xa0 || c === 0xfeff ? 1 : 2;
}

function isWordPart(c: number): boolean {
  return charClass(c) === 2;
}

/**
 * `text` with irrelevant block interiors blanked, or null when nothing may be blanked. `words` are
 * the sorted offsets of the marker words (text-index.ts wordOffsets).
 */
export function blankIrrelevantBlocks(file: string, text: string, words: readonly number[]): string | null {
  if (!BLANKABLE_FILE.test(file) || text.includes(CREDENTIALS_MODULE_TEXT) || text.includes(CREDENTIAL_HELPER_TEXT) || hasRenamedImport(text, words)) return null;
  const blanks = findBlankRanges(text, words);
  if (blanks === null || blanks.length === 0) return null;
  let out = "";
  let last = 0;
  for (let k = 0; k < blanks.length; k += 2) {
    const start = blanks[k]!;
    const end = blanks[k + 1]!;
    out += text.slice(last, start) + blankOut(text, start, end);
    last = end;
  }
  return out + text.slice(last);
}

function hasRenamedImport(text: string, words: readonly number[]): boolean {
  for (const at of words) {
    RENAMED_IMPORT.lastIndex = at;
    if (RENAMED_IMPORT.test(text)) return true;
  }
  return false;
}

/** Spaces for text[start, end), its line breaks kept (\n, \r, U+2028, U+2029). */
function blankOut(text: string, start: number, end: number): string {
  let out = "";
  let run = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR || c === 0x2028 || c === 0x2029) {
      out += " ".repeat(i - run) + text[i];
      run = i + 1;
    }
  }
  return out + " ".repeat(end - run);
}

// The open groups, as parallel arrays reused across calls (the scan is synchronous, never nested).
const groupOpen: number[] = [];
const groupKind: number[] = [];
/** Inside a statement that mentioned a marker word before the group opened: never blanked. */
const groupGuarded: boolean[] = [];
/** A top-level `{` right after import/export/type or `,`: an import or export clause. */
const groupClause: boolean[] = [];
/** Where the current statement inside the group started (after its last `;`). */
const groupStatement: number[] = [];

/**
 * Flat [start, end, start, end, ...] block interiors to blank, sorted and disjoint, or null when
 * the text does not scan as balanced brackets (then nothing is blanked).
 */
function findBlankRanges(text: string, words: readonly number[]): number[] | null {
  const length = text.length;
  const hasCarriageReturns = text.includes("\r");
  const blanks: number[] = [];
  let depth = 0;
  // The root group: the file's top level.
  groupOpen[0] = -1;
  groupKind[0] = 0;
  groupGuarded[0] = false;
  groupClause[0] = false;
  groupStatement[0] = 0;
  // The previous token: 0 punctuation (a `/` after it starts a regular expression), 1 a value
  // (a `/` after it divides), 2 a word from wordStart to wordEnd (a keyword or a value).
  let previous = 0;
  let punctuation = 0;
  let wordStart = 0;
  let wordEnd = 0;
  let i = 0;

  const open = (kind: number, at: number): void => {
    const guarded = groupGuarded[depth]! || anyWithin(words, groupStatement[depth]!, at);
    const clause = depth === 0 && kind === OPEN_BRACE && (previous === 0 ? punctuation === COMMA : previous === 2 && CLAUSE_BEFORE.has(text.slice(wordStart, wordEnd)));
    depth++;
    groupOpen[depth] = at;
    groupKind[depth] = kind;
    groupGuarded[depth] = guarded;
    groupClause[depth] = clause;
    groupStatement[depth] = at + 1;
  };

  /** From just after ` or a substitution's }, to past the closing ` or a `${` (which opens a group). */
  const continueTemplate = (): boolean => {
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        i += 2;
      } else if (c === BACKTICK) {
        i++;
        previous = 1;
        return true;
      } else if (c === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE) {
        open(SUBSTITUTION, i + 1);
        i += 2;
        previous = 0;
        punctuation = OPEN_BRACE;
        return true;
      } else {
        i++;
      }
    }
    return false;
  };

  /** Past the closing quote; false when the line or the text ends first. */
  const skipString = (quote: string): boolean => {
    // A line break ends the search, escaped or not: a line continuation only makes this give up.
    const lf = text.indexOf("\n", i + 1);
    const cr = hasCarriageReturns ? text.indexOf("\r", i + 1) : -1;
    const lineEnd = Math.min(lf < 0 ? length : lf, cr < 0 ? length : cr);
    for (let at = text.indexOf(quote, i + 1); at >= 0 && at < lineEnd; at = text.indexOf(quote, at + 1)) {
      let backslashes = 0;
      while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) {
        i = at + 1;
        return true;
      }
    }
    return false;
  };

  /** Past the closing slash and flags; false when the line or the text ends first. */
  const skipRegex = (): boolean => {
    let inClass = false;
    for (i++; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === LF || c === CR) return false;
      else if (c === OPEN_BRACKET) inClass = true;
      else if (c === CLOSE_BRACKET) inClass = false;
      else if (c === SLASH && !inClass) {
        for (i++; i < length && isWordPart(text.charCodeAt(i)); i++);
        return true;
      }
    }
    return false;
  };

  while (i < length) {
    const c = text.charCodeAt(i);
    const cls = charClass(c);
    if (cls === 1) {
      i++;
    } else if (cls === 2) {
      wordStart = i;
      for (i++; i < length && isWordPart(text.charCodeAt(i)); i++);
      wordEnd = i;
      previous = 2;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? length : end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === ASTERISK) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (c === SLASH && (previous === 0 || (previous === 2 && REGEX_AFTER_KEYWORD.has(text.slice(wordStart, wordEnd))))) {
      if (!skipRegex()) return null;
      previous = 1;
    } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      if (!skipString(c === SINGLE_QUOTE ? "'" : '"')) return null;
      previous = 1;
    } else if (c === BACKTICK) {
      i++;
      if (!continueTemplate()) return null;
    } else if (c === OPEN_BRACE || c === OPEN_PAREN || c === OPEN_BRACKET) {
      open(c, i);
      i++;
      previous = 0;
      punctuation = c;
    } else if (c === CLOSE_BRACE || c === CLOSE_PAREN || c === CLOSE_BRACKET) {
      if (depth === 0) return null;
      const kind = groupKind[depth]!;
      const expected = c === CLOSE_PAREN ? OPEN_PAREN : c === CLOSE_BRACKET ? OPEN_BRACKET : kind === SUBSTITUTION ? SUBSTITUTION : OPEN_BRACE;
      if (kind !== expected) return null;
      const start = groupOpen[depth]! + 1;
      const blankable = kind === OPEN_BRACE && !groupGuarded[depth] && !groupClause[depth] && i > start && !anyWithin(words, start, i);
      depth--;
      if (blankable) {
        // Outermost wins: drop the blanks of blocks nested in this one.
        while (blanks.length > 0 && blanks[blanks.length - 2]! >= start) blanks.length -= 2;
        blanks.push(start, i);
      }
      i++;
      if (kind === SUBSTITUTION) {
        // Back inside the template literal.
        if (!continueTemplate()) return null;
      } else {
        previous = 1;
      }
    } else {
      if (c === SEMICOLON) groupStatement[depth] = i + 1;
      i++;
      previous = 0;
      punctuation = c;
    }
  }
  return depth === 0 ? blanks : null;
}
