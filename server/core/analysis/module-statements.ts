// Reads a file's module surface: what it imports (as specifier + imported name), what it exports
// (local names, re-exports, `export *`) and its catalog imports. Names stay names; the linker
// follows them across files.
import ts from "typescript";
import type { Range } from "../schema";
import { DEFAULT_EXPORT_LOCAL, type CatalogImport, type ExportTarget, type FileFacts } from "./facts";
import { hasModifier, nameOf, propertyName, strip, stringValue } from "./syntax-helpers";

const CATALOG_SPECIFIER = /^@keystrokehq\/([^/]+)\/actions$/;

/** `import { type A, type B } from "..."` brings in types only, exactly like `import type`. */
function onlyTypes(clause: ts.ImportClause | undefined): boolean {
  if (!clause || clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((el) => el.isTypeOnly);
}

export function readModuleStatement(statement: ts.Statement, f: FileFacts, topLevelInit: Map<string, ts.Expression>, range: (node: ts.Node) => Range): void {
  if (ts.isImportDeclaration(statement)) {
    const specifier = stringValue(statement.moduleSpecifier);
    if (specifier === null) return;
    const clause = statement.importClause;
    if (clause?.isTypeOnly) return;
    if (!onlyTypes(clause)) f.loads.push(specifier);
    const app = CATALOG_SPECIFIER.exec(specifier)?.[1];
    if (app !== undefined && app !== "keystroke" && !onlyTypes(clause)) {
      const entry: CatalogImport = { app, specifier, range: range(statement.moduleSpecifier) };
      if (!f.catalogImports.some((c) => c.app === app)) f.catalogImports.push(entry);
    }
    if (!clause) return;
    if (clause.name) f.imports.set(nameOf(clause.name), { specifier, imported: "default" });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) f.imports.set(nameOf(bindings.name), { specifier, imported: "*" });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) {
        if (el.isTypeOnly) continue;
        const local = nameOf(el.name);
        f.imports.set(local, { specifier, imported: propertyName(el.propertyName) ?? local });
      }
    }
    return;
  }
  if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly) return;
    const specifier = statement.moduleSpecifier ? stringValue(statement.moduleSpecifier) : null;
    if (statement.moduleSpecifier && specifier === null) return;
    if (specifier !== null) f.loads.push(specifier);
    const clause = statement.exportClause;
    if (!clause) {
      if (specifier !== null) f.starExports.push(specifier);
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      const name = propertyName(clause.name);
      if (name !== null && specifier !== null) f.exports.set(name, { k: "reexport", specifier, imported: "*" });
      return;
    }
    for (const el of clause.elements) {
      if (el.isTypeOnly) continue;
      const exported = propertyName(el.name);
      const source = propertyName(el.propertyName ?? el.name);
      if (exported === null || source === null) continue;
      const target: ExportTarget = specifier !== null ? { k: "reexport", specifier, imported: source } : { k: "local", name: source };
      f.exports.set(exported, target);
    }
    return;
  }
  if (ts.isExportAssignment(statement)) {
    if (statement.isExportEquals) return;
    const expr = strip(statement.expression);
    if (ts.isIdentifier(expr)) {
      f.exports.set("default", { k: "local", name: nameOf(expr) });
    } else {
      topLevelInit.set(DEFAULT_EXPORT_LOCAL, expr);
      f.exports.set("default", { k: "local", name: DEFAULT_EXPORT_LOCAL });
    }
    return;
  }
  const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
  const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if (ts.isVariableStatement(statement)) {
    const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name)) continue;
      const name = nameOf(decl.name);
      // A `let`/`var` may be reassigned anywhere: what it holds is not known statically.
      if (!constant) f.locals.set(name, { k: "unknown", what: `"${name}" is declared with ${statement.declarationList.flags & ts.NodeFlags.Let ? "let" : "var"} and may be reassigned` });
      else if (decl.initializer) topLevelInit.set(name, decl.initializer);
      if (exported) f.exports.set(name, { k: "local", name });
    }
    return;
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
    const name = statement.name ? nameOf(statement.name) : undefined;
    if (isDefault) f.exports.set("default", { k: "local", name: name ?? DEFAULT_EXPORT_LOCAL });
    else if (name) f.exports.set(name, { k: "local", name });
  }
}
