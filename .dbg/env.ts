import { extractFacts } from "../server/core/analysis/extract";
const t = `import { defineAction } from "@keystrokehq/keystroke/action";
const { REGION_KEY, "QUOTED": q, ...rest } = process.env;
export const a = defineAction({ slug: "a", credentials: [], run: async () => [ \`\${process.env.IN_TEMPLATE}\`, 1] });
`;
const f = extractFacts("src/a.ts", t);
console.log(f.envReads, f.notAnalyzed);
const g = extractFacts("src/a.ts", t, { fullParse: true });
console.log(g.envReads);
