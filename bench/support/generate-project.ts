// Deterministic generator of a large Keystroke project for the benchmarks: N actions over 50
// credentials, reached through two levels of barrels, tsconfig aliases, namespace imports and
// direct imports, with a mix of unpinned, element-pinned and action-pinned requirements, plus
// workflows importing catalog apps and agents. Same options → byte-identical files.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GenerateOptions {
  actions?: number;
  credentials?: number;
  seed?: number;
}

export interface GeneratedProject {
  files: number;
  bytes: number;
  actionFiles: string[];
}

/** mulberry32: tiny, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const GROUP_SIZE = 10;
const CATALOG_APPS = ["gmail", "hubspot", "notion", "slack", "github"];

function credentialFile(i: number): string {
  const key = `svc-${pad(i, 2)}`;
  const name = `svc${pad(i, 2)}`;
  if (i % 10 === 7) {
    return `import { defineCredential } from "@keystrokehq/keystroke/credentials";\n\n// OAuth connection for service ${i}.\nexport const ${name} = defineCredential({ key: "${key}", kind: "oauth" });\n`;
  }
  if (i % 10 === 3) {
    return `import { credential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\n\nexport const ${name} = credential.static({\n  key: "${key}",\n  fields: { token: z.string().min(8) },\n});\n`;
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

function fieldOf(i: number): string | null {
  if (i % 10 === 7) return null;
  return i % 10 === 3 ? "token" : "apiKey";
}

function actionFile(n: number, credentialCount: number, random: () => number): string {
  const count = 1 + Math.floor(random() * 3);
  const picks = new Set<number>();
  while (picks.size < count) picks.add(Math.floor(random() * credentialCount));
  const creds = [...picks];
  const style = Math.floor(random() * 4);
  const names = creds.map((i) => `svc${pad(i, 2)}`);
  let imports: string;
  let elements: string[];
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
  if (elementPin) elements = elements.map((e, i) => (i === 0 ? `${e}.scope("project")` : e));
  const reads = creds
    .map((i) => (fieldOf(i) ? `    const secret${i} = credentials["svc-${pad(i, 2)}"].${fieldOf(i)};` : `    void credentials["svc-${pad(i, 2)}"];`))
    .join("\n");
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

function workflowFile(n: number, app: string): string {
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

/** Writes the project under `root` (created if needed) and returns its size. */
export function generateProject(root: string, options: GenerateOptions = {}): GeneratedProject {
  const actions = options.actions ?? 2000;
  const credentials = options.credentials ?? 50;
  const random = prng(options.seed ?? 20261126);
  const written: [string, string][] = [];
  const put = (file: string, text: string) => written.push([file, text]);

  put("keystroke.config.ts", `import { defineConfig } from "@keystrokehq/keystroke/config";\n\nexport default defineConfig({ organization: "bench-org", project: "bench" });\n`);
  put("tsconfig.json", `{\n  "compilerOptions": {\n    "strict": true,\n    "baseUrl": ".",\n    "paths": { "@creds/*": ["src/credentials/*"] }\n  }\n}\n`);
  const groups = Math.ceil(credentials / GROUP_SIZE);
  for (let i = 0; i < credentials; i++) put(`src/credentials/svc-${pad(i, 2)}.ts`, credentialFile(i));
  for (let g = 0; g < groups; g++) {
    const lines: string[] = [];
    for (let i = g * GROUP_SIZE; i < Math.min(credentials, (g + 1) * GROUP_SIZE); i++) lines.push(`export * from "./svc-${pad(i, 2)}";`);
    put(`src/credentials/group-${g}.ts`, `${lines.join("\n")}\n`);
  }
  put("src/credentials/index.ts", `${Array.from({ length: groups }, (_, g) => `export * from "./group-${g}.js";`).join("\n")}\n`);
  const actionFiles: string[] = [];
  for (let n = 0; n < actions; n++) {
    const file = `src/actions/batch-${pad(Math.floor(n / 100), 2)}/action-${pad(n, 4)}.ts`;
    actionFiles.push(file);
    put(file, actionFile(n, credentials, random));
  }
  for (let n = 0; n < 20; n++) put(`src/workflows/workflow-${pad(n, 2)}.ts`, workflowFile(n, CATALOG_APPS[n % CATALOG_APPS.length]!));
  for (let n = 0; n < 10; n++) {
    const tools = Array.from({ length: 5 }, (_, k) => (n * 5 + k) % actions);
    put(
      `src/agents/agent-${n}.ts`,
      `import { defineAgent } from "@keystrokehq/keystroke/agent";\n${tools.map((t) => `import { action${pad(t, 4)} } from "../actions/batch-${pad(Math.floor(t / 100), 2)}/action-${pad(t, 4)}";`).join("\n")}\n\nexport default defineAgent({ slug: "agent-${n}", name: "Agent ${n}", tools: [${tools.map((t) => `action${pad(t, 4)}`).join(", ")}] });\n`,
    );
  }
  put(".keystroke/local-snapshot.json", `${JSON.stringify(generateSnapshot(credentials, "local"), null, 2)}\n`);
  put(".keystroke/cloud-snapshot.json", `${JSON.stringify(generateSnapshot(credentials, "cloud"), null, 2)}\n`);

  let bytes = 0;
  for (const [file, text] of written) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    if (!file.endsWith(".json")) bytes += Buffer.byteLength(text);
  }
  return { files: written.length, bytes, actionFiles };
}

/** A snapshot that resolves most credentials and leaves a few unresolved, so findings exist. */
export function generateSnapshot(credentials: number, target: "local" | "cloud") {
  const entries: { key: string; scope: "organization" | "project" | "user"; fields?: string[]; default?: boolean; name: string }[] = [];
  for (let i = 0; i < credentials; i++) {
    const key = `svc-${pad(i, 2)}`;
    if (i % 17 === (target === "local" ? 5 : 11)) continue; // missing: KS001
    const field = fieldOf(i);
    const fields = field === null ? undefined : i % 13 === 0 ? [] : [field];
    entries.push({ key, scope: "project", ...(fields ? { fields } : {}), default: true, name: `${key} (project)` });
    entries.push({ key, scope: "organization", ...(fields ? { fields } : {}), name: `${key} (org)` });
  }
  for (const app of CATALOG_APPS.slice(0, target === "local" ? 3 : 4)) entries.push({ key: app, scope: "organization", name: app });
  return { version: 1 as const, organization: "bench-org", project: "bench", credentials: entries };
}
