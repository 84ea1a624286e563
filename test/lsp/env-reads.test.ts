// KS030 in the editor over a real LSP connection: a module starts deploying when an action
// imports it (its warning appears without the module being edited) and stops when the import
// goes; keystroke.allowedEnv takes a name out at once; the .env file that defines the variable is
// named from its names alone.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LspClient, tempWorkspace } from "./lsp-client";

test("KS030 follows imports and the keystroke.allowedEnv setting", async (t) => {
  const ws = tempWorkspace("basic");
  t.after(ws.cleanup);
  const lib = path.join(ws.dir, "src/lib.ts");
  writeFileSync(lib, "export const region = process.env.SERVICE_REGION;\nexport const key = process.env.EXA_API_KEY;\n");
  writeFileSync(path.join(ws.dir, ".env"), "EXA_API_KEY=value-never-read-by-the-language-server\n");
  const lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
  t.after(() => lsp.stop());
  const search = path.join(ws.dir, "src/actions/search.ts");
  await lsp.open(search);
  await lsp.waitForStatus(() => true);
  assert.deepEqual(lsp.codes(lib), [], "nobody imports lib.ts yet");

  await lsp.replace(search, `import { exa } from "../credentials/exa";`, `import { exa } from "../credentials/exa";\nimport { key, region } from "../lib";`);
  const found = await lsp.waitForDiagnostics(lib, (d) => d.filter((x) => x.code === "KS030").length === 2);
  assert.match(String(found.find((d) => String(d.message).includes("EXA_API_KEY"))!.message), /\.env defines EXA_API_KEY, which is why it works under `keystroke dev`/);
  assert.ok(!JSON.stringify(found).includes("value-never-read"));

  await lsp.changeSettings({ allowedEnv: ["SERVICE_REGION"] });
  await lsp.waitForDiagnostics(lib, (d) => d.filter((x) => x.code === "KS030").length === 1);

  await lsp.replace(search, `\nimport { key, region } from "../lib";`, "");
  await lsp.waitForDiagnostics(lib, (d) => d.length === 0);
});
