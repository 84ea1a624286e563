// Hand-written on purpose: picomatch builds backtracking regular expressions (`*a` x12 + `*b`
// against 40 characters took 125 s), and a cloned repository's settings must not hang analysis.
//
// A small glob matcher for `--exclude` and the editor's exclude setting: `*`, `?`, `**`, `{a,b}`
// and `[...]`, matched against root-relative `/` paths. A pattern also excludes everything below
// a directory it matches, and a pattern without `/` matches any single path segment (like
// .gitignore), so `--exclude generated` and `--exclude "*.test.ts"` do what people expect.
//
// Patterns may come from a workspace's settings, and analysis runs in untrusted folders too, so
// matching must stay cheap whatever the pattern: it walks all positions of the pattern at once
// over the path (time proportional to pattern length × path length), never backtracking the way
// a regular expression built from `*a*a*a*…` would.

type Token =
  | { k: "char"; c: string }
  /** `?`: one character other than `/`. */
  | { k: "one" }
  /** `[...]`: one character other than `/` that the class accepts. */
  | { k: "class"; accepts: (c: string) => boolean }
  /** `*`: any run of characters other than `/`. */
  | { k: "star" }
  /** `**`: any run of characters. */
  | { k: "globstar" }
  /** `**` followed by `/`: nothing, or any run of characters that ends with `/`. */
  | { k: "globstarDir" };

/** More alternatives than this from `{a,b}` groups: the pattern is taken literally. */
const MAX_ALTERNATIVES = 256;
const cache = new Map<string, Token[][]>();

/** True when the whole of `text` matches `glob`. */
export function globMatches(glob: string, text: string): boolean {
  let compiled = cache.get(glob);
  if (!compiled) {
    const alternatives = expandBraces(glob);
    compiled = alternatives === null ? [[...glob].map((c): Token => ({ k: "char", c }))] : alternatives.map(tokenize);
    cache.set(glob, compiled);
  }
  return compiled.some((tokens) => run(tokens, text));
}

/** True when the root-relative `file` (or a directory above it) matches one of the globs. */
export function matchesExclude(file: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const parts = file.split("/");
  for (const raw of globs) {
    const glob = raw.replace(/^\.\//, "").replace(/\/+$/, "");
    if (glob === "") continue;
    if (!glob.includes("/")) {
      if (parts.some((p) => globMatches(glob, p))) return true;
      continue;
    }
    for (let i = parts.length; i > 0; i--) {
      if (globMatches(glob, parts.slice(0, i).join("/"))) return true;
    }
  }
  return false;
}

/** `a{b,c{d,e}}` → `ab`, `acd`, `ace`; null past MAX_ALTERNATIVES. An unclosed `{` is literal. */
function expandBraces(glob: string): string[] | null {
  const open = glob.indexOf("{");
  if (open < 0) return [glob];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < glob.length && close < 0; i++) {
    if (glob[i] === "{") depth++;
    else if (glob[i] === "}" && --depth === 0) close = i;
    else if (glob[i] === "," && depth === 1) commas.push(i);
  }
  if (close < 0) return [glob];
  const head = glob.slice(0, open);
  const bounds = [open, ...commas, close];
  const tails = expandBraces(glob.slice(close + 1));
  if (tails === null) return null;
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const inner = expandBraces(glob.slice(bounds[k]! + 1, bounds[k + 1]));
    if (inner === null) return null;
    for (const middle of inner) {
      for (const tail of tails) {
        out.push(head + middle + tail);
        if (out.length > MAX_ALTERNATIVES) return null;
      }
    }
  }
  return out;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    // A class needs a closing `]` after at least one character; otherwise `[` is literal.
    const classEnd = c === "[" ? glob.indexOf("]", i + 2) : -1;
    if (c === "*" && glob[i + 1] === "*") {
      const dir = glob[i + 2] === "/";
      tokens.push({ k: dir ? "globstarDir" : "globstar" });
      i += dir ? 2 : 1;
    } else if (c === "*") tokens.push({ k: "star" });
    else if (c === "?") tokens.push({ k: "one" });
    else if (classEnd > 0) {
      tokens.push({ k: "class", accepts: characterClass(glob.slice(i + 1, classEnd)) });
      i = classEnd;
    } else tokens.push({ k: "char", c });
  }
  return tokens;
}

/** `[abc]`, `[a-z0-9]`, and `[!...]` or `[^...]` for "none of these". */
function characterClass(body: string): (c: string) => boolean {
  const negate = body.startsWith("!") || body.startsWith("^");
  const spec = negate ? body.slice(1) : body;
  const ranges: [string, string][] = [];
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === "-" && i + 2 < spec.length) {
      ranges.push([spec[i]!, spec[i + 2]!]);
      i += 2;
    } else ranges.push([spec[i]!, spec[i]!]);
  }
  return (c) => ranges.some(([low, high]) => c >= low && c <= high) !== negate;
}

/** Runs the pattern over `text` with every reachable pattern position at once. */
function run(tokens: Token[], text: string): boolean {
  let states = closure(tokens, new Set([0]));
  for (const c of text) {
    const next = new Set<number>();
    for (const at of states) {
      const token = tokens[at];
      if (!token) continue;
      switch (token.k) {
        case "char":
          if (token.c === c) next.add(at + 1);
          break;
        case "one":
          if (c !== "/") next.add(at + 1);
          break;
        case "class":
          if (c !== "/" && token.accepts(c)) next.add(at + 1);
          break;
        case "star":
          if (c !== "/") next.add(at);
          break;
        case "globstar":
          next.add(at);
          break;
        case "globstarDir":
          next.add(at);
          if (c === "/") next.add(at + 1);
          break;
      }
    }
    if (next.size === 0) return false;
    states = closure(tokens, next);
  }
  return states.has(tokens.length);
}

/** Adds the positions reachable without consuming a character: past any star or globstar. */
function closure(tokens: Token[], states: Set<number>): Set<number> {
  for (const at of states) {
    const token = tokens[at];
    if (token && (token.k === "star" || token.k === "globstar" || token.k === "globstarDir")) states.add(at + 1);
  }
  return states;
}
