// What a value read from the environment or pasted into the code should become: a credential key
// and a field, as the "Move to a credential…" fix suggests them (the person can change both).
// `EXA_API_KEY` → exa / apiKey, `LINEAR_TOKEN` → linear / token, an AWS access key → aws /
// accessKeyId; a random value under `clientSecret` → client / secret.

/** Words that name the kind of value rather than the service. */
const VALUE_WORDS = new Set(["API", "KEY", "TOKEN", "SECRET", "PASSWORD", "PASS", "PWD", "ACCESS", "AUTH", "PRIVATE", "CLIENT", "ID", "URL", "DSN", "WEBHOOK", "BEARER", "SIGNING"]);

const PROVIDER_SUGGESTIONS: Record<string, { key: string; field: string }> = {
  "AWS access key": { key: "aws", field: "accessKeyId" },
  "GitHub token": { key: "github", field: "token" },
  "GitHub fine-grained token": { key: "github", field: "token" },
  "GitLab token": { key: "gitlab", field: "token" },
  "Slack token": { key: "slack", field: "token" },
  "Slack webhook": { key: "slack", field: "webhookUrl" },
  "Stripe secret key": { key: "stripe", field: "secretKey" },
  "OpenAI API key": { key: "openai", field: "apiKey" },
  "Anthropic API key": { key: "anthropic", field: "apiKey" },
  "Google API key": { key: "google", field: "apiKey" },
  "Twilio API key": { key: "twilio", field: "apiKey" },
  "SendGrid API key": { key: "sendgrid", field: "apiKey" },
  "npm token": { key: "npm", field: "token" },
  "PyPI token": { key: "pypi", field: "token" },
  "Linear API key": { key: "linear", field: "apiKey" },
  "Shopify access token": { key: "shopify", field: "accessToken" },
  "DigitalOcean token": { key: "digitalocean", field: "token" },
  "Hugging Face token": { key: "huggingface", field: "token" },
  "Mailchimp API key": { key: "mailchimp", field: "apiKey" },
  "Mailgun API key": { key: "mailgun", field: "apiKey" },
  "Square access token": { key: "square", field: "accessToken" },
  "private key": { key: "signing", field: "privateKey" },
  "password in a URL": { key: "database", field: "url" },
};

/** ["API", "KEY"] → "apiKey". */
export function camelWords(words: string[]): string {
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join("");
}

/** From an environment variable's name: the service words become the key, the value words the field. */
export function suggestFromVariable(name: string): { key: string; field: string } {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter((w) => w !== "").map((w) => w.toUpperCase());
  let cut = words.length;
  while (cut > 1 && VALUE_WORDS.has(words[cut - 1]!)) cut--;
  const value = words.slice(cut);
  const key = words.slice(0, cut).join("-").toLowerCase().slice(0, 64) || "secret";
  return { key: /^[a-z0-9]/.test(key) ? key : `k${key}`, field: value.length > 0 ? camelWords(value) : "value" };
}

/** From a KS031 provider ("GitHub token"), or for a guess from the name it was bound to (`value of "apiKey"`). */
export function suggestFromSecret(provider: string): { key: string; field: string } {
  const known = PROVIDER_SUGGESTIONS[provider];
  if (known) return known;
  const bound = /^value of "(.+)"$/.exec(provider)?.[1];
  // The other half of an AWS pair, by the name AWS's own SDKs give it.
  if (bound && /^(?:aws[-_]?)?secret[-_]?access[-_]?key$/i.test(bound)) return { key: "aws", field: "secretAccessKey" };
  return bound ? suggestFromVariable(bound) : { key: "secret", field: "value" };
}

/** Fields that always come together with `field` in a new definition of `key` (an AWS key pair). */
const COMPANION_FIELDS: Record<string, readonly string[]> = { aws: ["accessKeyId", "secretAccessKey"] };

/** The fields a new definition declares when a value of `field` moves into credential `key`. */
export function definitionFields(key: string, field: string): string[] {
  const companions = COMPANION_FIELDS[key];
  return companions?.includes(field) ? [...companions] : [field];
}
