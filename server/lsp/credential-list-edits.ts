// The two edits every fix that declares a credential makes: the name added to the action's
// `credentials` list (or a new `credentials: [name] as const`), and its import.
import path from "node:path";
import type { TextEdit } from "vscode-languageserver/node";
import type ts from "typescript";
import { arrayLiteral, importInsertion, property, type SourceText } from "./syntax";

/** The edit that lists `name` in the action's options; undefined when `credentials` is not an array literal. */
export function listEdit(source: SourceText, options: ts.ObjectLiteralExpression, name: string): TextEdit | undefined {
  const list = property(options, "credentials");
  const array = list && arrayLiteral(list.initializer);
  if (array) {
    const last = array.elements[array.elements.length - 1];
    const at = last ? source.rangeOf(last).end : source.positionAt(array.getStart(source.source) + 1);
    return { range: { start: at, end: at }, newText: last ? `, ${name}` : name };
  }
  if (list) return undefined; // `credentials: someVariable`: no array literal to add to
  const first = options.properties[0];
  if (!first) {
    const at = source.positionAt(options.getStart(source.source) + 1);
    return { range: { start: at, end: at }, newText: ` credentials: [${name}] as const ` };
  }
  const offset = first.getStart(source.source);
  const at = source.positionAt(offset);
  return { range: { start: at, end: at }, newText: `credentials: [${name}] as const,\n${source.indentAt(offset)}` };
}

/** `import { name } from "<relative path of definitionFile>";` after the file's last import. */
export function importEdit(source: SourceText, file: string, name: string, definitionFile: string): TextEdit {
  const { offset, jsSuffix } = importInsertion(source.source);
  let specifier = path.posix.relative(path.posix.dirname(file), definitionFile).replace(/\.[cm]?[jt]sx?$/, "");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  if (jsSuffix) specifier += ".js";
  const at = source.positionAt(offset);
  const statement = `import { ${name} } from "${specifier}";`;
  return { range: { start: at, end: at }, newText: offset === 0 ? `${statement}\n` : `\n${statement}` };
}
