/**
 * A UFO server's identity: the name alerts, the status page and dashboards show, and its URL as it
 * may be shown (credential redacted). The exporter reports it in `ufo_server_info{server,url}`, an
 * info metric the rules join in (Prometheus convention: an exporter does not invent target labels).
 */
import { redactUrlCredentials } from '../url-credentials';

export interface ServerIdentity {
  /** e.g. `lab-a`; default: the URL's host:port. */
  readonly name: string;
  /** The base URL with any credential redacted. */
  readonly url: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** `http://ufo-a:8000/base` → `ufo-a:8000`; the scheme's port when the URL names none (`https://ufo` → `ufo:443`). */
export function defaultServerName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (DEFAULT_PORTS[parsed.protocol] ?? '')}`;
}

/** The identity of the server at `url`, named `name` when one is given. */
export function serverIdentity(url: string, name?: string): ServerIdentity {
  return { name: name === undefined || name === '' ? defaultServerName(url) : name, url: redactUrlCredentials(url) };
}
