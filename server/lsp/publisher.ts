// Sends publishDiagnostics only when a file's diagnostics differ from what the client already has
// (compared serialized), and clears files whose findings went away. Keeps nothing but the
// serialized form, per URI, tagged with the project root that produced it.
import type { Connection, Diagnostic } from "vscode-languageserver/node";
import type { ProjectAnalysis } from "./project-analysis";
import { notAnalyzedDiagnostic, toDiagnostic } from "./diagnostics";
import type { Settings } from "./settings";
import { fileUri } from "./uris";

export class DiagnosticsPublisher {
  private readonly sent = new Map<string, { root: string; serialized: string }>();

  constructor(private readonly connection: Connection) {}

  /**
   * Publishes the analysis's diagnostics. With `scope` (root-relative files) only those files are
   * compared; without it, every file of the project, including ones published before.
   * Returns how many notifications were sent.
   */
  publish(analysis: ProjectAnalysis, settings: Settings, scope?: Iterable<string>): number {
    const root = analysis.project.root;
    const notAnalyzed = new Map(analysis.model.notAnalyzed.map((n) => [n.file, n.reason]));
    const files = new Set<string>(scope ?? [...analysis.byFile.keys(), ...notAnalyzed.keys()]);
    const uris = new Map<string, string | null>();
    for (const file of files) uris.set(fileUri(root, file), file);
    if (scope === undefined) {
      for (const [uri, entry] of this.sent) if (entry.root === root && !uris.has(uri)) uris.set(uri, null);
    }
    let count = 0;
    for (const [uri, file] of uris) {
      const diagnostics: Diagnostic[] = [];
      const reason = file === null ? undefined : notAnalyzed.get(file);
      if (reason !== undefined) diagnostics.push(notAnalyzedDiagnostic(reason));
      for (const finding of (file === null ? undefined : analysis.byFile.get(file)) ?? []) {
        const d = toDiagnostic(finding, root, settings);
        if (d) diagnostics.push(d);
      }
      if (this.send(uri, root, diagnostics)) count++;
    }
    return count;
  }

  /** Clears every file a project (root) published, e.g. when its folder leaves the workspace. */
  clearRoot(root: string): void {
    for (const [uri, entry] of [...this.sent]) if (entry.root === root) this.send(uri, root, []);
  }

  private send(uri: string, root: string, diagnostics: Diagnostic[]): boolean {
    const serialized = JSON.stringify(diagnostics);
    const previous = this.sent.get(uri);
    if ((previous?.serialized ?? "[]") === serialized) return false;
    if (diagnostics.length === 0) this.sent.delete(uri);
    else this.sent.set(uri, { root, serialized });
    void this.connection.sendDiagnostics({ uri, diagnostics });
    return true;
  }
}
