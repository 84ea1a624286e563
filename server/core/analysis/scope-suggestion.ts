// Suggests the scope a mistyped `.scope(...)` literal most likely meant (KS010): a prefix match
// first (`"org"` → `"organization"`, `"users"` → `"user"`), then the smallest edit distance.
import { SCOPES, type Scope } from "../schema";

export function suggestScope(literal: string): Scope {
  const lower = literal.trim().toLowerCase();
  const prefix = SCOPES.find((s) => lower.length > 0 && (s.startsWith(lower) || lower.startsWith(s)));
  if (prefix) return prefix;
  let best: Scope = "organization";
  let bestDistance = Infinity;
  for (const scope of SCOPES) {
    const d = editDistance(lower, scope);
    if (d < bestDistance) {
      best = scope;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
