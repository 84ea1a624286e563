// "Keystroke: Resolve All Missing…": a guided walk through every missing requirement in the
// order of the code, one QuickPick per key offering only what would make it resolve (flows/
// resolve-walk.ts); any step can be skipped, Escape ends the walk; a summary says what resolves now.
import * as vscode from "vscode";
import { dotenvNames } from "../server/core/dotenv-names";
import { plural } from "../server/core/plural";
import { importSummary } from "../webview/model";
import { describeTargets, type KeyItem } from "./flows/requirements-tree";
import { stepChoices, stepTitle, walkOrder, type StepChoice } from "./flows/resolve-walk";
import type { Services } from "./services";
import type { CredentialTrees, KeyActions } from "./trees/trees";

function label(choice: StepChoice, item: KeyItem): { label: string; detail?: string } {
  switch (choice.kind) {
    case "setLocal":
      return { label: `$(key) Set ${item.key} locally at the ${item.scope} scope`, detail: `Type ${item.fields.map((f) => f.name).join(", ") || "its fields"} into masked inputs` };
    case "dotenv":
      return { label: `$(file) Take the values from ${choice.file}`, detail: choice.variables.map((v) => `${v.env} → ${item.key}.${v.field}`).join(", ") };
    case "push":
      return { label: `$(cloud-upload) Push the local ${item.key} to the cloud` };
    case "connect":
      return { label: `$(plug) Connect the app (keystroke connect)` };
    case "skip":
      return { label: "$(debug-step-over) Skip" };
  }
}

async function dotenvFiles(): Promise<{ file: string; names: string[]; uri: vscode.Uri }[]> {
  const uris = await vscode.workspace.findFiles("**/.env*", "**/node_modules/**", 20);
  const files = [];
  for (const uri of uris) {
    try {
      files.push({ file: vscode.workspace.asRelativePath(uri), names: dotenvNames(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))), uri });
    } catch {
      // unreadable: not offered
    }
  }
  return files;
}

export async function resolveAllMissing(services: Services, trees: CredentialTrees, actions: KeyActions): Promise<void> {
  await trees.refresh();
  const items = walkOrder(trees.requirements.missingItems());
  if (items.length === 0) return void vscode.window.showInformationMessage("Keystroke: nothing is missing; every requirement resolves where it was checked.");
  const envFiles = services.restriction === null ? await dotenvFiles() : [];
  const before = new Set(items.map((i) => i.key));
  let skipped = 0;
  for (const [index, item] of items.entries()) {
    const choices = stepChoices(item, envFiles);
    const picked = await vscode.window.showQuickPick(
      choices.map((choice) => ({ ...label(choice, item), choice })),
      { title: stepTitle(item, index, items.length), placeHolder: `${describeTargets(item)}: how should ${item.key} resolve?`, ignoreFocusOut: true },
    );
    if (!picked) break;
    const { choice } = picked;
    const fields = item.fields.map((f) => f.name);
    if (choice.kind === "skip") skipped++;
    else if (choice.kind === "setLocal") await actions.setLocal({ key: item.key, scope: item.scope, fields: [] });
    else if (choice.kind === "push") await actions.push({ key: item.key, scope: item.scope, fields });
    else if (choice.kind === "connect") await actions.connect();
    else {
      const file = envFiles.find((f) => f.file === choice.file)!;
      // Read again only now: the walk keeps variable names, never a file's values.
      const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
      const result = await (await services.store()).importDotenv({ content, mapping: choice.variables.map((v) => ({ env: v.env, key: item.key, field: v.field, scope: item.scope })) });
      void vscode.window.setStatusBarMessage(`$(check) Keystroke: ${importSummary(choice.variables.length, result.entries.length)} from ${choice.file}`, 4_000);
    }
  }
  await trees.refresh();
  const after = new Set(trees.requirements.missingItems().map((i) => i.key));
  const now = [...before].filter((k) => !after.has(k));
  const summary = now.length > 0 ? `${now.join(", ")} now ${now.length === 1 ? "resolves" : "resolve"}` : "nothing changed";
  void vscode.window.showInformationMessage(`Keystroke: ${summary}; ${after.size === 0 ? "nothing is missing any more" : `${plural(after.size, "key")} still missing`}${skipped > 0 ? ` (${skipped} skipped)` : ""}.`);
}
