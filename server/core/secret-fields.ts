// Which credential fields are masked wherever a person types or sees them (the manager's forms, a
// coding agent's request page, VS Code's inputs).

/**
 * Field names whose values are not secrets, shown in the clear in forms. An allow-list of exact
 * names, never a pattern: `dsn`, `connectionString`, `webhookUrl` or `pat` stay masked.
 */
const NOT_SECRET_FIELDS = new Set(["subdomain", "region", "site", "baseurl", "email", "username", "accountid", "org", "organization", "workspace", "host", "domain"]);

export function isSecretField(name: string): boolean {
  return !NOT_SECRET_FIELDS.has(name.toLowerCase());
}
