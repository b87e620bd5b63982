/**
 * The checks an http(s) URL setting needs beyond its pattern: a port in range and a URL that Node
 * can parse, so a bad value fails at start-up naming the setting (not later as `Invalid URL`).
 */
import { redactValueCredentials } from '../url-credentials';
import { ConfigError } from './sources';

const AUTHORITY = /^https?:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/]*)(?::([^/]*))?/;

/** Throws ConfigError starting with `where` (e.g. `ufo.url (flag --ufo.url)`) when `url` is unusable. */
export function checkHttpUrl(url: string, where: string): void {
  const port = AUTHORITY.exec(url)?.[2];
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    throw new ConfigError(`${where}: port ${JSON.stringify(port)} is out of range 1-65535`);
  try {
    new URL(url);
  } catch {
    throw new ConfigError(`${where}: not a valid URL, got ${JSON.stringify(redactValueCredentials(url))}`);
  }
}
