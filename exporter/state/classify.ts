import type { ClientType } from '../events';

/** The server's id convention: constellation clients are `task@device`; everything else is a device. */
export function classifyClientId(clientId: string): ClientType {
  const at = clientId.indexOf('@');
  return at > 0 && at < clientId.length - 1 ? 'constellation' : 'device';
}
