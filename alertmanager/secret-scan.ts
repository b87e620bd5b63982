/**
 * Finds anything in a text file that looks like a secret: inline credential fields (rather than
 * their `*_file` forms), Slack/PagerDuty/GitHub/AWS-style tokens, webhook URLs, URLs carrying
 * credentials or tokens, bearer tokens and private keys. Used by the test that scans every
 * generated file; each finding names the file, the line and the rule.
 */

export interface SecretFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  /** The matching text, shortened so the report itself does not repeat a whole secret. */
  readonly excerpt: string;
}

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
}

/** Field names whose inline value would be a secret; `<name>_file` is the allowed form. */
const SECRET_FIELDS = [
  'routing_key', 'service_key', 'api_key', 'api_url', 'slack_api_url', 'auth_password', 'auth_secret', 'password',
  'bearer_token', 'credentials', 'token', 'secret', 'webhook_url', 'client_secret', 'basicAuthPassword',
];

const RULES: readonly Rule[] = [
  // `routing_key: abc`, `"password": "abc"`, `token=abc`; a template (`{{`) or empty value is fine.
  { name: 'inline secret field', pattern: new RegExp(`(?<![\\w-])["']?(?:${SECRET_FIELDS.join('|')})["']?\\s*[:=]\\s*["']?(?![\\s"'{}]|$)`, 'im') },
  { name: 'Slack webhook URL', pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\//i },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'Discord/Teams webhook URL', pattern: /discord(?:app)?\.com\/api\/webhooks\/|webhook\.office\.com\/webhookb2\//i },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'URL with credentials', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"']+:[^/\s@"']+@/i },
  { name: 'URL with a token parameter', pattern: /[?&](?:token|api_key|apikey|key|secret|sig|signature|access_token|auth)=(?![<{$])[^&\s"']+/i },
  { name: 'bearer token', pattern: /\bBearer\s+(?![<{$])[A-Za-z0-9._~+/=-]{16,}/ },
  // PagerDuty integration keys and similar: 32 hex characters standing alone.
  { name: 'integration key', pattern: /(?<![\w/#.-])[0-9a-f]{32}(?![\w/.-])/ },
];

/** How many characters past the match an excerpt shows: enough to locate it, not the secret. */
const EXCERPT_EXTRA = 4;

export function findSecrets(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const rule of RULES) {
      const m = rule.pattern.exec(line);
      if (!m) continue;
      const end = m.index + m[0].length + EXCERPT_EXTRA;
      findings.push({ file, line: i + 1, rule: rule.name, excerpt: line.slice(m.index, end) + (line.length > end ? '…' : '') });
    }
  });
  return findings;
}
