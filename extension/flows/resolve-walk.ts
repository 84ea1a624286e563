// "Keystroke: Resolve All Missing…": what each step offers, pure. Steps follow the code (file,
// then line, of each key's first requirement); each offers only what would make that key
// resolve where it fails: set it locally at the scope the code needs, take the values from a .env
// variable named after the key and a field, push the local entry, or connect the app.
import type { KeyItem } from "./requirements-tree";
import { actionsOf } from "./requirements-tree";
import { guessDotenvMapping } from "../../webview/model";

export type StepChoice =
  | { kind: "setLocal" }
  | { kind: "dotenv"; file: string; variables: { env: string; field: string }[] }
  | { kind: "push" }
  | { kind: "connect" }
  | { kind: "skip" };

/** Missing keys in the order their first requirement appears in the code. */
export function walkOrder(items: readonly KeyItem[]): KeyItem[] {
  const first = (i: KeyItem) => [...i.actions].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line)[0]!;
  return [...items].sort((a, b) => {
    const x = first(a);
    const y = first(b);
    return x.file.localeCompare(y.file) || x.range.start.line - y.range.start.line || a.key.localeCompare(b.key);
  });
}

/** The .env variables that name this key and one of its fields (EXA_API_KEY → exa.apiKey); all required fields must be there. */
export function dotenvMatch(item: Pick<KeyItem, "key" | "fields">, files: readonly { file: string; names: string[] }[]): Extract<StepChoice, { kind: "dotenv" }> | null {
  for (const { file, names } of files) {
    const variables = names.flatMap((env) => {
      const guess = guessDotenvMapping(env, [item.key]);
      return guess.key === item.key && item.fields.some((f) => f.name === guess.field) ? [{ env, field: guess.field }] : [];
    });
    const covered = new Set(variables.map((v) => v.field));
    if (variables.length > 0 && item.fields.every((f) => !f.required || covered.has(f.name))) return { kind: "dotenv", file, variables };
  }
  return null;
}

export function stepChoices(item: KeyItem, dotenvFiles: readonly { file: string; names: string[] }[]): StepChoice[] {
  const actions = actionsOf(item);
  const choices: StepChoice[] = [];
  if (actions.includes("setLocal")) {
    const fromEnv = dotenvMatch(item, dotenvFiles);
    if (fromEnv) choices.push(fromEnv);
    choices.push({ kind: "setLocal" });
  }
  if (actions.includes("push")) choices.push({ kind: "push" });
  if (actions.includes("connect")) choices.push({ kind: "connect" });
  choices.push({ kind: "skip" });
  return choices;
}

/** The step's heading: the key, the code's pin, and the targets that fail. */
export function stepTitle(item: KeyItem, index: number, total: number): string {
  const failing = (["local", "cloud"] as const).filter((t) => item.targets[t].status === "missing" || (item.targets[t].status === "resolved" && (item.targets[t] as { missingFields: string[] }).missingFields.length > 0));
  const pins = [...new Set(item.pins)];
  const pin = pins.length === 1 && pins[0] !== null ? `.scope("${pins[0]}")` : pins.every((p) => p === null) ? "no pin" : "mixed pins";
  return `Resolve All Missing (${index + 1}/${total}): ${item.key} · ${pin} · fails in ${failing.join(" and ") || "no target"}`;
}
