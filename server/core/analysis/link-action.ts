// Links one action: expands its credentials list (a literal, spreads of lists kept elsewhere, or a
// named list, across modules), traces every element, and checks its run reads against what it
// declares. Undeclared reads (KS014) are reported only when the whole list was traced and every
// read of run's parameter is known: an action whose list or reads are partly unknown gets no
// "undeclared" error (the certainty rule in the README).
import type { Range } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import type { ArrayItem, FileFacts, RawAction, Span, ValueExpr } from "./facts";
import type { FileLink, Linker, Trace } from "./link";
import type { CredentialDefinition, RequirementOrigin } from "./model";

/** Lists nest (a shared list spreads another); deeper than this is a cycle or not worth following. */
const MAX_LIST_DEPTH = 32;

/** One element as the action sees it. */
interface Listed {
  trace: Trace;
  /** In the action's file: the element, or the spread / named list that brings it. */
  anchor: { range: Range; span: Span; removeSpan: Span | null };
  /** Where an element brought by a spread or a named list is written. */
  origin: RequirementOrigin | null;
  /** Source text of the element, for messages. */
  text: string;
}

type ListResult = { ok: true; file: string; items: ArrayItem[]; listId: string } | { ok: false; reason: string };

export function linkAction(linker: Linker, facts: FileFacts, action: RawAction, link: FileLink): void {
  const file = facts.file;
  const actionRef = { name: action.name, file, range: action.range, role: "action" };
  const listed: Listed[] = [];
  let untraced = false;
  const notTraced = (range: Range, text: string, reason: string, related: Listed["origin"]) => {
    untraced = true;
    link.findings.push(
      makeFinding("KS013", file, range, messages.KS013(text, reason), related ? { related: [{ file: related.file, range: related.range, message: "the element, in the shared list" }] } : {}),
    );
  };

  const expand = (result: ListResult, anchor: Listed["anchor"], anchorText: string, depth: number) => {
    if (!result.ok) {
      notTraced(anchor.range, anchorText, result.reason, null);
      return;
    }
    for (const item of result.items) {
      const origin: RequirementOrigin = { file: result.file, range: linker.rangeIn(result.file, item.span), list: result.listId };
      if (item.spread) {
        const inner = depth >= MAX_LIST_DEPTH ? { ok: false as const, reason: "lists spread each other too deeply (a cycle?)" } : resolveList(linker, result.file, item.expr, depth + 1);
        if (!inner.ok) notTraced(anchor.range, `${anchorText} (through ${linker.textIn(result.file, item.span)})`, inner.reason, origin);
        else expand(inner, anchor, anchorText, depth + 1);
        continue;
      }
      listed.push({ trace: linker.evaluate(result.file, item.expr, 0), anchor, origin, text: `${linker.textIn(result.file, item.span)} (from ${anchorText})` });
    }
  };

  const list = action.list;
  if (list.k === "literal") {
    for (const element of list.elements) {
      const anchor = { range: element.range, span: element.span, removeSpan: element.spread ? null : element.removeSpan };
      const text = linker.textIn(file, element.span);
      if (element.spread) expand(resolveList(linker, file, element.expr, 0), anchor, text, 0);
      else listed.push({ trace: linker.evaluate(file, element.expr, 0), anchor, origin: null, text });
    }
  } else if (list.k === "value") {
    const range = linker.rangeIn(file, list.span);
    const text = linker.textIn(file, list.span);
    const result = resolveList(linker, file, list.expr, 0);
    if (!result.ok) notTraced(range, `credentials: ${text}`, result.reason, null);
    else expand(result, { range, span: list.span, removeSpan: null }, text, 0);
  }

  const declared = new Map<string, Trace & { ok: true }>();
  const first = new Map<string, Listed>();
  for (const element of listed) {
    const trace = element.trace;
    if (!trace.ok) {
      notTraced(element.anchor.range, element.text, trace.reason, element.origin);
      continue;
    }
    const key = trace.def.key;
    const earlier = first.get(key);
    if (earlier) {
      const where = earlier.origin ?? { file, range: earlier.anchor.range };
      const related = [{ file: where.file, range: where.range, message: "first listed here" }];
      if (element.origin) related.push({ file: element.origin.file, range: element.origin.range, message: "listed again here" });
      link.findings.push(
        makeFinding("KS015", file, element.anchor.range, messages.KS015(key), {
          credential: key,
          related,
          ...(element.anchor.removeSpan ? { data: { removeRange: linker.rangeIn(file, element.anchor.removeSpan) } } : {}),
        }),
      );
      continue;
    }
    first.set(key, element);
    declared.set(key, trace);
    // A pin on the element wins over the action's pin.
    const pin = trace.pin ?? action.pin;
    link.requirements.push({
      key,
      kind: trace.def.kind,
      file,
      range: element.anchor.range,
      origin: element.origin,
      pin: pin?.state === "valid" ? pin.scope : null,
      pinState: pin ? pin.state : "none",
      action: actionRef,
      definition: trace.def,
      catalog: false,
      ignoreDeploy: facts.ignoreDeploy,
    });
  }
  // Undeclared keys are known only when the list is fully traced and no read escapes.
  const keysKnown = !untraced && action.readsUnchecked === null;
  // The access's source text is quoted only in a finding: it is cut out only then.
  for (const access of action.accesses ?? []) {
    const trace = declared.get(access.key);
    if (!trace) {
      if (keysKnown) {
        link.findings.push(makeFinding("KS014", file, linker.rangeIn(file, access.keySpan), messages.KS014Undeclared(linker.textIn(file, access.span), access.key), { credential: access.key }));
      }
      continue;
    }
    const { raw, def } = trace;
    if (access.field !== null && access.fieldSpan && raw.fieldsKnown && def.kind === "api_key" && !declaresField(def, access.field)) {
      link.findings.push(
        makeFinding("KS014", file, linker.rangeIn(file, access.fieldSpan), messages.KS014Field(linker.textIn(file, access.span), access.key, access.field, def.fields.map((f) => f.name), def.file), {
          credential: access.key,
          related: [{ file: def.file, range: def.range, message: `definition of "${def.key}"` }],
        }),
      );
    }
  }
  const readsUnchecked = untraced ? "its credentials list is not fully traced" : action.readsUnchecked;
  link.actions.push({ ...actionRef, requirementKeys: [...declared.keys()], readsUnchecked });
}

function declaresField(def: CredentialDefinition, field: string): boolean {
  for (const f of def.fields) if (f.name === field) return true;
  return false;
}

/** The array a list value stands for: an array literal, or a constant (anywhere) that holds one. */
function resolveList(linker: Linker, file: string, expr: ValueExpr, depth: number): ListResult {
  let current: { file: string; expr: ValueExpr } = { file, expr };
  for (let hops = 0; hops <= MAX_LIST_DEPTH + depth; hops++) {
    const e = current.expr;
    if (e.k === "array") return { ok: true, file: current.file, items: e.items, listId: `${current.file}:${e.items[0]?.span[0] ?? 0}:${e.items.length}` };
    if (e.k === "unknown") return { ok: false, reason: e.what };
    if (e.k !== "ref" && e.k !== "member") return { ok: false, reason: "its value is not an array literal or a constant holding one" };
    const binding = linker.bindingOf(current.file, e);
    if (binding.k === "missing" || binding.k === "external") return { ok: false, reason: binding.reason };
    if (binding.k === "namespace") return { ok: false, reason: "it is a whole module namespace, not a list" };
    current = { file: binding.file, expr: binding.expr };
  }
  return { ok: false, reason: "too many indirections (circular lists?)" };
}
