/**
 * Devices online (connected, no session running), busy (running a session) and offline (in the
 * --devices.known inventory or seen earlier, not connected now): derived from the client and session
 * trackers, cached until the connected set or the sessions move.
 */
import type { ClientTracker } from './clients';
import type { DeviceCounts, DeviceReads } from './fleet-view';
import type { SessionTracker } from './sessions';

export class DeviceStatus implements DeviceReads {
  private cache: { key: string; counts: DeviceCounts } | undefined;

  constructor(
    private readonly clients: ClientTracker,
    private readonly sessions: SessionTracker,
  ) {}

  counts(): DeviceCounts {
    const key = `${this.clients.presenceVersion}:${this.sessions.version}`;
    if (this.cache?.key === key) return this.cache.counts;
    let online = 0;
    let busy = 0;
    for (const c of this.clients.connectedClients()) {
      if (c.clientType !== 'device') continue;
      if (this.sessions.runningOn(c.clientId) > 0) busy++;
      else online++;
    }
    const counts = { online, busy, offline: this.clients.offlineDeviceCount() };
    this.cache = { key, counts };
    return counts;
  }
}
