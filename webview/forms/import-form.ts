// "Import from .env…": paste the file's text, check the variables to import in the mapping table,
// and the dev server stores them (the text is sent once and not kept).
import { html } from "lit";
import type { Scope } from "../../server/core/schema";
import { ImportDotenvBody } from "../../server/core/schema";
import { field, fieldId, openDialog } from "../dialog";
import { submitForm, type ManagerContext } from "../manager-context";
import { dotenvNames, dotenvPlan, importSummary } from "../model";
import { zodFieldErrors } from "../validation";
import { importTable } from "./import-table";

export function openImportForm(manager: ManagerContext): void {
  let content = "";
  const handle = openDialog({
    title: "Import from a .env file",
    description: "Paste the file's contents. Variables that name a credential of the code and one of its fields are checked; only checked ones are imported. The text is sent to the local dev server and not kept.",
    body: () => html`
      ${field(".env contents", "content", html`<textarea id=${fieldId("content")} name="content" rows="6" spellcheck="false" autocomplete="off" class="secret-text" @input=${(e: Event) => ((content = (e.target as HTMLTextAreaElement).value), handle.redraw())}></textarea>`)}
      <div class="mapping" aria-live="polite">${importTable(dotenvPlan(dotenvNames(content), manager.requirementsList, manager.data.entries ?? [], manager.currentProject))}</div>
    `,
    submitLabel: "Import",
    onSubmit: async (form) => {
      const data = new FormData(form);
      const mapping = dotenvNames(content)
        .filter((env) => data.get(`include.${env}`) !== null)
        .map((env) => ({
          env,
          key: String(data.get(`key.${env}`) ?? "").trim(),
          field: String(data.get(`field.${env}`) ?? "").trim(),
          scope: String(data.get(`scope.${env}`) ?? "project") as Scope,
        }));
      if (mapping.length === 0) return [{ field: "content", message: "Nothing to import: paste a .env text with at least one VARIABLE=value line and keep one variable checked." }];
      const parsed = ImportDotenvBody.safeParse({ content, mapping });
      if (!parsed.success)
        return zodFieldErrors(parsed.error, {}, (path) => {
          const [head, index, leaf] = path;
          if (head === "mapping" && typeof index === "number" && (leaf === "key" || leaf === "field")) return `${leaf}.${mapping[index]!.env}`;
          return head === "content" ? "content" : null;
        });
      return submitForm(manager, "Import", async () => {
        const result = await manager.transport.call("importDotenv", parsed.data);
        await manager.reloadStore();
        return `Imported ${importSummary(parsed.data.mapping.length, result.entries.length)}`;
      });
    },
  });
}
