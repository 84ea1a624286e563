// Hard-coded secrets in string literals, for KS031. Two kinds: a provider's key format (an error:
// the format itself says what it is) and, for a literal bound to a credential-like name, a value
// random enough to be a key (a warning: that is a guess). Placeholders, UUIDs, hashes, data: URLs
// and base64 images are not secrets. The full value never leaves this module: findings carry the
// provider, the first 4 characters and the length.
//
// Ours, not secretlint (12.0.x, the last release for Node 20): its API is async-only while the
// analyzer is synchronous and incremental, it took 1.4 ms per 30 KB file here (about 3 s for a
// 2,000-file project, ten times our whole analysis), and its recommended preset lacks Stripe,
// Twilio and Google API keys, which would have been ours anyway.
import ts from "typescript";
import type { SecretLiteral } from "./facts";
import { pathTo } from "./syntax-helpers";

interface FormatRule {
  provider: string;
  /** Substrings one of which every match contains: most files contain none, and the rule's regex never runs. */
  hint: string | string[];
  pattern: RegExp;
  /** The match starts at "://" (a literal start is found fast); the URL's scheme before it is part of the finding. */
  fromScheme?: boolean;
}

const FORMAT_RULES: FormatRule[] = [
  { provider: "AWS access key", hint: ["AKIA", "ASIA", "ABIA", "ACCA"], pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g },
  { provider: "GitHub token", hint: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { provider: "GitHub fine-grained token", hint: "github_pat_", pattern: /\bgithub_pat_[A-Za-z0-9_]{82}\b/g },
  { provider: "GitLab token", hint: "glpat-", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { provider: "Slack token", hint: "xox", pattern: /\bxox[abposr]-[0-9]{8,}-[A-Za-z0-9-]{8,}\b/g },
  { provider: "Slack webhook", hint: "hooks.slack.com", pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g },
  { provider: "Stripe secret key", hint: "_live_", pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/g },
  { provider: "OpenAI API key", hint: "sk-", pattern: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g },
  { provider: "Anthropic API key", hint: "sk-ant-", pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}(?![A-Za-z0-9_-])/g },
  { provider: "Google API key", hint: "AIza", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { provider: "Twilio API key", hint: "SK", pattern: /\bSK[0-9a-f]{32}\b/g },
  { provider: "SendGrid API key", hint: "SG.", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { provider: "npm token", hint: "npm_", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { provider: "PyPI token", hint: "pypi-", pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
  { provider: "Linear API key", hint: "lin_api_", pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { provider: "Shopify access token", hint: "shp", pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  { provider: "DigitalOcean token", hint: "_v1_", pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { provider: "Hugging Face token", hint: "hf_", pattern: /\bhf_[A-Za-z]{34,40}\b/g },
  { provider: "Mailchimp API key", hint: "-us", pattern: /\b[0-9a-f]{32}-us[0-9]{1,2}\b/g },
  { provider: "Mailgun API key", hint: "key-", pattern: /\bkey-[0-9a-f]{32}\b/g },
  { provider: "Square access token", hint: "sq0", pattern: /\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}\b/g },
  // Through its END line when the block has one, so that a literal holding just the key is the whole match.
  { provider: "private key", hint: "PRIVATE KEY", pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:[^`"']{0,200000}?-----END \1-----)?/g },
  { provider: "password in a URL", hint: "://", pattern: /:\/\/([^\s/:@"'`]{1,64}):([^\s/@"'`]{3,128})@([^\s"'`/:]+)/g, fromScheme: true },
];

/** Words that make a value an example or a placeholder, whatever its format. */
const PLACEHOLDER = /x{4,}|X{4,}|\*{3,}|\.{3}|<[^>]*>|\$\{|\{\{|your[-_ ]?|example|sample|placeholder|changeme|change[-_]me|dummy|redacted|replace[-_]?me|insert|0{8,}|1234567890|abcdef(?:ghij)?|^(?:password|pass|secret|token|apikey|api[-_]key|test)$/i;

/** Names a value of which is a secret when it looks random. */
const SECRET_NAME = /(?:^|[_-]|[a-z](?=[A-Z]))(?:api[-_]?key|apikey|secret|token|password|passwd|pwd|private[-_]?key|access[-_]?key|client[-_]?secret|auth[-_]?key|signing[-_]?key|credentials?)$/i;
const HEX = /^[0-9a-f]+$/i;
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hintsOf = (rule: FormatRule) => (typeof rule.hint === "string" ? [rule.hint] : rule.hint);

/**
 * Every rule's hints in one expression, longest first (so a longer hint wins where two start at
 * one place): one pass finds which hints a text holds, and only their rules run. Most texts hold
 * none, or only "://" (a URL).
 */
const ANY_HINT = new RegExp(
  [...new Set(FORMAT_RULES.flatMap(hintsOf))]
    .sort((a, b) => b.length - a.length)
    .map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|"),
  "g",
);

/**
 * A long base64 body (a private key's) is random: a placeholder word inside it ("your", "xxxx" in
 * any case turn up in about 3% of 20 000 random characters) is chance, not a placeholder. A
 * placeholder key ("MIIE...", "<your key>", "XXXXXX…") has characters base64 lacks, a run, or
 * is short.
 */
function isKeyMaterial(secret: string): boolean {
  const body = secret.replace(/-----(?:BEGIN|END) [A-Z ]+-----/g, "").replace(/\\[nr]|\s/g, "");
  return body.length >= 200 && /^[A-Za-z0-9+/]+={0,2}$/.test(body) && !/(.)\1{5}/.test(body);
}

/** Offsets of possible secrets in the text, by a scan that is cheap when there are none. */
export function secretCandidates(text: string): { offset: number; end: number; provider: string }[] {
  const out: { offset: number; end: number; provider: string }[] = [];
  const present = new Set<string>();
  for (const match of text.matchAll(ANY_HINT)) present.add(match[0]);
  if (present.size === 0) return out;
  for (const rule of FORMAT_RULES) {
    if (!hintsOf(rule).some((h) => present.has(h))) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const url = rule.fromScheme === true;
      const secret = url ? match[2]! : match[0];
      if (PLACEHOLDER.test(secret) && !isKeyMaterial(secret)) continue;
      // A local development default (`postgres://postgres:postgres@localhost`) is not a secret.
      if (url && (secret === match[1] || LOCAL_HOST.test(match[3]!))) continue;
      let start = match.index;
      if (url) while (start > 0 && match.index - start < 20 && /[a-z0-9+.-]/i.test(text.charAt(start - 1))) start--;
      if (url && (start === match.index || !/[a-z]/i.test(text.charAt(start)))) continue;
      out.push({ offset: start, end: match.index + match[0].length, provider: rule.provider });
    }
  }
  return out;
}

/**
 * The candidates that lie inside a string or template literal of the parse (not in a comment or
 * code), and the literals bound to credential-like names whose value looks random.
 */
export function readSecretLiterals(sf: ts.SourceFile, candidates: readonly { offset: number; end: number; provider: string }[]): SecretLiteral[] {
  const out: SecretLiteral[] = [];
  const literalAt = (offset: number): ts.Node | null => pathTo(sf, offset, isStringish)?.pop() ?? null;
  const seen = new Set<ts.Node>();
  for (const c of candidates) {
    const literal = literalAt(c.offset);
    if (literal === null || c.end > literal.getEnd()) continue;
    seen.add(literal);
    out.push({ provider: c.provider, kind: "format", span: [c.offset, c.end], masked: mask(sf.text.slice(c.offset, c.end)) });
  }
  const visit = (node: ts.Node): void => {
    const bound = boundLiteral(node);
    if (bound && !seen.has(bound.literal) && looksRandom(bound.literal.text)) {
      out.push({ provider: `value of "${bound.name.slice(0, 40)}"`, kind: "entropy", span: [bound.literal.getStart(sf), bound.literal.getEnd()], masked: mask(bound.literal.text) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

/** Whether the text may hold a secret at all: a provider's format, or a literal bound to a credential-like name. */
export function mayHoldSecret(text: string): boolean {
  // A bare `key:` is defineCredential's own option, not a secret: only a compound name (apiKey, …Key) counts.
  return /(?:[a-z0-9_-]key|secret|token|password|passwd|pwd|credential)s?["'`]?\s*[:=]\s*["'`]/i.test(text) || secretCandidates(text).length > 0;
}

/** Every secret literal of a parsed file. */
export function scanSecrets(sf: ts.SourceFile): SecretLiteral[] {
  return readSecretLiterals(sf, secretCandidates(sf.text));
}

function isStringish(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
}

/** `name: "..."`, `name = "..."` (variable, parameter default, property), with a credential-like name. */
function boundLiteral(node: ts.Node): { name: string; literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral } | null {
  let name: ts.Node | undefined;
  let value: ts.Node | undefined;
  if (ts.isPropertyAssignment(node)) [name, value] = [node.name, node.initializer];
  else if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) [name, value] = [node.name, node.initializer];
  else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) [name, value] = [ts.isPropertyAccessExpression(node.left) ? node.left.name : node.left, node.right];
  if (!name || !value || !(ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))) return null;
  const text = ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : null;
  return text !== null && SECRET_NAME.test(text) ? { name: text, literal: value } : null;
}

/** Random enough to be a key: long, several character classes, high Shannon entropy; not a hash, UUID, URL, path or placeholder. */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || value.length > 500 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (HEX.test(value) || UUID.test(value) || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.includes("/") || /^data:/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.7;
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** The provider's shown form of a secret: its first 4 characters and its length, never more. */
function mask(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} characters)`;
}
