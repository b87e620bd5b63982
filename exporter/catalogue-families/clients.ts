/** Who is connected: clients by type and platform, per-client series (reconnects sparse), connects, disconnects, rejected registrations, devices. */
import type { MetricDefinition } from './definition';

export const clientFamilies = {
  clientsConnected: {
    name: 'ufo_clients_connected',
    type: 'gauge',
    help: 'Clients connected to the UFO server, by client type and platform.',
    labelNames: ['client_type', 'platform'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  clientInfo: {
    name: 'ufo_client_info',
    type: 'gauge',
    help: 'Always 1 for each connected client; labels carry its id, type and platform.',
    labelNames: ['client_id', 'client_type', 'platform'],
    unit: 'info',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  clientConnectionStart: {
    name: 'ufo_client_connection_start_time_seconds',
    type: 'gauge',
    help: 'Unix time at which the connected client connected.',
    labelNames: ['client_id'],
    unit: 'timestamp_seconds',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  // Sparse on purpose: a stable fleet exposes no series here (issue 15: bytes and rule cost per client).
  clientReconnects: {
    name: 'ufo_client_reconnects_total',
    type: 'counter',
    help: 'Connections of each connected client beyond its first since the exporter started; only clients that reconnected have a series.',
    labelNames: ['client_id'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  clientConnects: {
    name: 'ufo_client_connects_total',
    type: 'counter',
    help: 'Client connections, by client type.',
    labelNames: ['client_type'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  clientDisconnects: {
    name: 'ufo_client_disconnects_total',
    type: 'counter',
    help: 'Client disconnections, by client type and reason (WebSocket close code name, or unknown).',
    labelNames: ['client_type', 'reason'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  registrationsRejected: {
    name: 'ufo_registrations_rejected_total',
    type: 'counter',
    help: 'Client registrations the server rejected, by reason.',
    labelNames: ['reason'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  devices: {
    name: 'ufo_devices',
    type: 'gauge',
    help: 'Devices by status: online (connected, idle), busy (a session runs on it, whichever client started it), offline (known or seen, not connected).',
    labelNames: ['status'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
} as const satisfies Record<string, MetricDefinition>;
