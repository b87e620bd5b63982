import type { ClientType } from '../events';

/** The server's id convention: constellation clients are `task@device`; everything else is a device. */
export function classifyClientId(clientId: string): ClientType {
  const at = clientId.indexOf('@');
  return at > 0 && at < clientId.length - 1 ? 'constellation' : 'device';
}

/**
 * The device a client's sessions run on: a device runs its own; a `task@device` constellation's run
 * on the device its id names.
 */
export function deviceOfClient(clientId: string): string {
  if (classifyClientId(clientId) === 'device') return clientId;
  return clientId.slice(clientId.lastIndexOf('@') + 1);
}
