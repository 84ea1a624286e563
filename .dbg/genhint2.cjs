"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// .dbg/genhint2.ts
var import_node_fs2 = require("node:fs");
var import_node_os = __toESM(require("node:os"));
var import_node_path2 = __toESM(require("node:path"));

// bench/support/generate-project.ts
var import_node_fs = require("node:fs");
var import_node_path = __toESM(require("node:path"));
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var pad = (n, w) => String(n).padStart(w, "0");
var GROUP_SIZE = 10;
var CATALOG_APPS = ["gmail", "hubspot", "notion", "slack", "github"];
function credentialFile(i) {
  const key = `svc-${pad(i, 2)}`;
  const name = `svc${pad(i, 2)}`;
  if (i % 10 === 7) {
    return `import { defineCredential } from "@keystrokehq/keystroke/credentials";

// OAuth connection for service ${i}.
export const ${name} = defineCredential({ key: "${key}", kind: "oauth" });
`;
  }
  if (i % 10 === 3) {
    return `import { credential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

export const ${name} = credential.static({
  key: "${key}",
  fields: { token: z.string().min(8) },
});
`;
  }
  return `import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

/** API key for service ${i}. */
export const ${name} = defineCredential({
  key: "${key}",
  fields: {
    apiKey: z.string().min(1),
    region: z.enum(["eu", "us"]).default("eu"),
    workspaceId: z.string().optional(),
  },
});
`;
}
function fieldOf(i) {
  if (i % 10 === 7) return null;
  return i % 10 === 3 ? "token" : "apiKey";
}
function actionFile(n, credentialCount, random) {
  const count = 1 + Math.floor(random() * 3);
  const picks = /* @__PURE__ */ new Set();
  while (picks.size < count) picks.add(Math.floor(random() * credentialCount));
  const creds = [...picks];
  const style = Math.floor(random() * 4);
  const names = creds.map((i) => `svc${pad(i, 2)}`);
  let imports;
  let elements;
  if (style === 0) {
    imports = `import { ${names.join(", ")} } from "@creds/index";`;
    elements = names;
  } else if (style === 1) {
    imports = `import * as creds from "../../credentials/index.js";`;
    elements = names.map((x) => `creds.${x}`);
  } else if (style === 2) {
    imports = creds.map((i) => `import { svc${pad(i, 2)} } from "@creds/group-${Math.floor(i / GROUP_SIZE)}";`).join("\n");
    elements = names;
  } else {
    imports = creds.map((i) => `import { svc${pad(i, 2)} } from "../../credentials/svc-${pad(i, 2)}";`).join("\n");
    elements = names;
  }
  const pinRoll = random();
  const elementPin = pinRoll < 0.25;
  const actionPin = pinRoll >= 0.25 && pinRoll < 0.4;
  if (elementPin) elements = elements.map((e, i) => i === 0 ? `${e}.scope("project")` : e);
  const reads = creds.map((i) => fieldOf(i) ? `    const secret${i} = credentials["svc-${pad(i, 2)}"].${fieldOf(i)};` : `    void credentials["svc-${pad(i, 2)}"];`).join("\n");
  const slug = `action-${pad(n, 4)}`;
  return `import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
${imports}

const Input = z.object({
  id: z.string(),
  limit: z.number().int().min(1).max(100).default(10),
  tags: z.array(z.string()).optional(),
});

const Output = z.object({ ok: z.boolean(), count: z.number(), items: z.array(z.string()) });

function summarize(items: string[], limit: number): string[] {
  return items.filter((item) => item.length > 0).slice(0, limit).map((item) => item.trim().toLowerCase());
}

export const action${pad(n, 4)} = defineAction({
  slug: "${slug}",
  name: "Action ${n}",
  description: "Generated action number ${n} for the analyzer benchmark.",
  input: Input,
  output: Output,
  credentials: [${elements.join(", ")}] as const,
  async run(input, credentials) {
${reads}
    const response = await fetch(\`https://api.example.com/v1/items/\${input.id}?limit=\${input.limit}\`, {
      headers: { accept: "application/json" },
    });
    const body = (await response.json()) as { items: string[] };
    const items = summarize(body.items, input.limit);
    return { ok: response.ok, count: items.length, items };
  },
})${actionPin ? `.scope("organization")` : ""};
`;
}
function workflowFile(n, app) {
  const fn = `${app}Run`;
  return `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";
import { ${fn} } from "@keystrokehq/${app}/actions";
import { z } from "zod";

export const workflow${n} = defineWorkflow({
  slug: "workflow-${n}",
  name: "Workflow ${n}",
  description: "Generated workflow using the ${app} catalog app.",
  input: z.object({}),
  async run() {
    await ${fn}.run({});
  },
});
`;
}
function generateProject(root2, options = {}) {
  const actions = options.actions ?? 2e3;
  const credentials = options.credentials ?? 50;
  const random = prng(options.seed ?? 20261126);
  const written = [];
  const put = (file, text) => written.push([file, text]);
  put("keystroke.config.ts", `import { defineConfig } from "@keystrokehq/keystroke/config";

export default defineConfig({ organization: "bench-org", project: "bench" });
`);
  put("tsconfig.json", `{
  "compilerOptions": {
    "strict": true,
    "baseUrl": ".",
    "paths": { "@creds/*": ["src/credentials/*"] }
  }
}
`);
  const groups = Math.ceil(credentials / GROUP_SIZE);
  for (let i = 0; i < credentials; i++) put(`src/credentials/svc-${pad(i, 2)}.ts`, credentialFile(i));
  for (let g = 0; g < groups; g++) {
    const lines = [];
    for (let i = g * GROUP_SIZE; i < Math.min(credentials, (g + 1) * GROUP_SIZE); i++) lines.push(`export * from "./svc-${pad(i, 2)}";`);
    put(`src/credentials/group-${g}.ts`, `${lines.join("\n")}
`);
  }
  put("src/credentials/index.ts", `${Array.from({ length: groups }, (_, g) => `export * from "./group-${g}.js";`).join("\n")}
`);
  const actionFiles = [];
  for (let n = 0; n < actions; n++) {
    const file = `src/actions/batch-${pad(Math.floor(n / 100), 2)}/action-${pad(n, 4)}.ts`;
    actionFiles.push(file);
    put(file, actionFile(n, credentials, random));
  }
  for (let n = 0; n < 20; n++) put(`src/workflows/workflow-${pad(n, 2)}.ts`, workflowFile(n, CATALOG_APPS[n % CATALOG_APPS.length]));
  for (let n = 0; n < 10; n++) {
    const tools = Array.from({ length: 5 }, (_, k) => (n * 5 + k) % actions);
    put(
      `src/agents/agent-${n}.ts`,
      `import { defineAgent } from "@keystrokehq/keystroke/agent";
${tools.map((t) => `import { action${pad(t, 4)} } from "../actions/batch-${pad(Math.floor(t / 100), 2)}/action-${pad(t, 4)}";`).join("\n")}

export default defineAgent({ slug: "agent-${n}", name: "Agent ${n}", tools: [${tools.map((t) => `action${pad(t, 4)}`).join(", ")}] });
`
    );
  }
  put(".keystroke/local-snapshot.json", `${JSON.stringify(generateSnapshot(credentials, "local"), null, 2)}
`);
  put(".keystroke/cloud-snapshot.json", `${JSON.stringify(generateSnapshot(credentials, "cloud"), null, 2)}
`);
  let bytes = 0;
  for (const [file, text] of written) {
    const full = import_node_path.default.join(root2, file);
    (0, import_node_fs.mkdirSync)(import_node_path.default.dirname(full), { recursive: true });
    (0, import_node_fs.writeFileSync)(full, text);
    if (!file.endsWith(".json")) bytes += Buffer.byteLength(text);
  }
  return { files: written.length, bytes, actionFiles };
}
function generateSnapshot(credentials, target) {
  const entries = [];
  for (let i = 0; i < credentials; i++) {
    const key = `svc-${pad(i, 2)}`;
    if (i % 17 === (target === "local" ? 5 : 11)) continue;
    const field = fieldOf(i);
    const fields = field === null ? void 0 : i % 13 === 0 ? [] : [field];
    entries.push({ key, scope: "project", ...fields ? { fields } : {}, default: true, name: `${key} (project)` });
    entries.push({ key, scope: "organization", ...fields ? { fields } : {}, name: `${key} (org)` });
  }
  for (const app of CATALOG_APPS.slice(0, target === "local" ? 3 : 4)) entries.push({ key: app, scope: "organization", name: app });
  return { version: 1, organization: "bench-org", project: "bench", credentials: entries };
}

// .dbg/genhint2.ts
var root = (0, import_node_fs2.mkdtempSync)(import_node_path2.default.join(import_node_os.default.tmpdir(), "ks-gen-"));
generateProject(root);
var texts = [];
var walk = (d) => {
  for (const n of (0, import_node_fs2.readdirSync)(d)) {
    const f = import_node_path2.default.join(d, n);
    if ((0, import_node_fs2.statSync)(f).isDirectory()) walk(f);
    else if (/\.[jt]s$/.test(f)) texts.push((0, import_node_fs2.readFileSync)(f, "utf8"));
  }
};
walk(root);
var hints = ["AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "hooks.slack.com", "_live_", "sk-", "sk-ant-", "AIza", "SK", "SG.", "npm_", "pypi-", "lin_api_", "shp", "_v1_", "hf_", "-us", "key-", "sq0", "PRIVATE KEY", "://"];
var esc = (h) => h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
var any = new RegExp(hints.map(esc).join("|"));
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  let n = 0;
  for (const x of texts) if (any.test(x)) n++;
  const a = performance.now() - t;
  t = performance.now();
  let m = 0;
  for (const x of texts) if (hints.some((h) => x.includes(h))) m++;
  const b = performance.now() - t;
  const per = hints.map((h) => [h, texts.filter((x) => x.includes(h)).length]).filter(([, c]) => c > 0);
  console.log(`regex ${a.toFixed(1)} ms (${n} hit), includes ${b.toFixed(1)} ms (${m}); hitting: ${JSON.stringify(per)}`);
}
