// The variable names a .env text assigns, in order, each once: names only, so that the language
// server, `check` and the UIs can say which variables a project's .env files define without ever
// holding a value.

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

export function dotenvNames(content: string): string[] {
  const names: string[] = [];
  for (const line of content.split(/\r?\n/)) {
    const name = ASSIGNMENT.exec(line)?.[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
