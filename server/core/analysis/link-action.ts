// Links one action: expands its credentials list (a literal, spreads of lists kept elsewhere, or a
// named list, across modules), traces every element, and checks its run reads against what it
// declares. Undeclared reads (KS014) are reported only when the whole list was traced and every
// read of run's parameter is known: an action whose list or reads are partly unknown gets no
// "undeclared" error (the certainty rule in the README).
import type { Range } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import type { ArrayItem, FileFacts, RawAction, Span, ValueExpr } from "./facts";
import type { FileLink, Linker, Trace } from "./link";
import type { CredentialDefinition, Requirement, RequirementOrigin } from "./model";

/** Lists nest (a shared list spreads another); deeper than this is a cycle or not worth following. */
const MAX_LIST_DEPTH = 32;

/** Where findings about one element land, in the action's file. */
interface Anchor {
  range: Range;
  span: Span;
  /** The element and its separating comma, for a fix that removes it; null for a spread or a named list. */
  removeSpan: Span | null;
}

/** Where an element is written when it is not the anchor itself: a list kept elsewhere. */
interface Written {
  origin: RequirementOrigin;
  file: string;
  span: Span;
}

type ListResult = { ok: true; file: string; items: ArrayItem[]; listId: string } | { ok: false; reason: string };

/** One action's link in progress: elements are taken one by one, in list order (spreads expanded in place). */
class ActionLink {
  readonly declared = new Map<string, Trace & { ok: true }>();
  private readonly first = new Map<string, { anchor: Anchor; written: Written | null }>();
  untraced = false;

  constructor(
    private readonly linker: Linker,
    private readonly facts: FileFacts,
    private readonly action: RawAction,
    private readonly link: FileLink,
    private readonly actionRef: Requirement["action"],
  ) {}

  /** The element's source for messages, cut out only when a finding quotes it. */
  private text(anchor: Anchor, written: Written | null): string {
    const own = this.linker.textIn(this.facts.file, anchor.span);
    return written ? `${this.linker.textIn(written.file, written.span)} (from ${own})` : own;
  }

  notTraced(anchor: Anchor, written: Written | null, reason: string, prefix = ""): void {
    this.untraced = true;
    const related = written ? [{ file: written.origin.file, range: written.origin.range, message: "the element, in the shared list" }] : [];
    this.link.findings.push(makeFinding("KS013", this.facts.file, anchor.range, messages.KS013(`${prefix}${this.text(anchor, written)}`, reason), { related }));
  }

  take(trace: Trace, anchor: Anchor, written: Written | null): void {
    if (!trace.ok) {
      this.notTraced(anchor, written, trace.reason);
      return;
    }
    const file = this.facts.file;
    const key = trace.def.key;
    const earlier = this.first.get(key);
    if (earlier) {
      const where = earlier.written?.origin ?? { file, range: earlier.anchor.range };
      const related = [{ file: where.file, range: where.range, message: "first listed here" }];
      if (written) related.push({ file: written.origin.file, range: written.origin.range, message: "listed again here" });
      this.link.findings.push(
        makeFinding("KS015", file, anchor.range, messages.KS015(key), {
          credential: key,
          related,
          ...(anchor.removeSpan ? { data: { removeRange: this.linker.rangeIn(file, anchor.removeSpan) } } : {}),
        }),
      );
      return;
    }
    this.first.set(key, { anchor, written });
    this.declared.set(key, trace);
    // A pin on the element wins over the action's pin.
    const pin = trace.pin ?? this.action.pin;
    this.link.requirements.push({
      key,
      kind: trace.def.kind,
      file,
      range: anchor.range,
      origin: written?.origin ?? null,
      pin: pin?.state === "valid" ? pin.scope : null,
      pinState: pin ? pin.state : "none",
      action: this.actionRef,
      definition: trace.def,
      catalog: false,
      ignoreDeploy: this.facts.ignoreDeploy,
    });
  }

  /** Every element of a list kept elsewhere, anchored at the spread or name that brings it. */
  expand(result: ListResult, anchor: Anchor, depth: number, via: Written | null): void {
    if (!result.ok) {
      this.notTraced(anchor, via, result.reason, via ? "" : "credentials: ");
      return;
    }
    for (const item of result.items) {
      const written: Written = { origin: { file: result.file, range: this.linker.rangeIn(result.file, item.span), list: result.listId }, file: result.file, span: item.span };
      if (!item.spread) {
        this.take(this.linker.evaluate(result.file, item.expr, 0), anchor, written);
        continue;
      }
      const inner = depth >= MAX_LIST_DEPTH ? { ok: false as const, reason: "lists spread each other too deeply (a cycle?)" } : resolveList(this.linker, result.file, item.expr, depth + 1);
      this.expand(inner, anchor, depth + 1, written);
    }
  }
}

export function linkAction(linker: Linker, facts: FileFacts, action: RawAction, link: FileLink): void {
  const file = facts.file;
  const actionRef = { name: action.name, file, range: action.range, role: "action" };
  const state = new ActionLink(linker, facts, action, link, actionRef);
  const list = action.list;
  if (list.k === "literal") {
    for (const element of list.elements) {
      if (element.spread) state.expand(resolveList(linker, file, element.expr, 0), { range: element.range, span: element.span, removeSpan: null }, 0, null);
      else state.take(linker.evaluate(file, element.expr, 0), element, null);
    }
  } else if (list.k === "value") {
    state.expand(resolveList(linker, file, list.expr, 0), { range: linker.rangeIn(file, list.span), span: list.span, removeSpan: null }, 0, null);
  }

  const declared = state.declared;
  // Undeclared keys are known only when the list is fully traced and no read escapes.
  const keysKnown = !state.untraced && action.readsUnchecked === null;
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
  const readsUnchecked = state.untraced ? "its credentials list is not fully traced" : action.readsUnchecked;
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
