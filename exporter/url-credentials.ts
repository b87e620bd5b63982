/**
 * URLs as the exporter may show them. A URL written as `scheme://user:password@host` carries a
 * credential; every URL that is logged or echoed in an error (--ufo.url, --alertmanager.url, a config
 * error quoting a bad value, a probe's warning line) goes through redactUrlCredentials first.
 */

/** What a password (or a bare user name, which may itself be a token) is replaced with. */
export const REDACTED_CREDENTIAL = '***';

/**
 * `scheme://` then the user info up to the last `@` of the authority. The user info stops at
 * whitespace, quotes and brackets as well as `/ ? #`, so a URL quoted in JSON or a sentence is
 * matched on its own.
 */
const URL_USER_INFO = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#"'<>\\]*)@/g;

/**
 * Replaces the credential of every URL in `text`: `http://admin:hunter2@host` → `http://admin:***@host`,
 * `https://token@host` → `https://***@host`. Works on any text (also a value that is not a valid URL),
 * so an error message can pass through it whole.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USER_INFO, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon < 0 ? REDACTED_CREDENTIAL : `${userInfo.slice(0, colon)}:${REDACTED_CREDENTIAL}`}@`;
  });
}

/** A request URL for logs and error messages: credential redacted, no query string or fragment. */
export function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.search = '';
  shown.hash = '';
  return redactUrlCredentials(shown.href);
}

/** The URL with its user info removed (for a link a browser follows: it must not carry the credential). */
export function withoutCredentials(url: string): string {
  return url.replace(URL_USER_INFO, (_match, scheme: string) => scheme);
}

/**
 * A setting's value as an error may show it: URL credentials redacted, also when the scheme is
 * missing (`admin:hunter2@host` → `admin:***@host`): everything before the last `@` of a value
 * without `scheme://` is taken as user info (over-redacting a value that merely holds an `@` is harmless).
 */
export function redactValueCredentials(value: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return redactUrlCredentials(value);
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const userInfo = value.slice(0, at);
  const colon = userInfo.indexOf(':');
  return `${colon < 0 ? REDACTED_CREDENTIAL : `${userInfo.slice(0, colon)}:${REDACTED_CREDENTIAL}`}${value.slice(at)}`;
}
