import { describe, expect, it } from 'vitest';
import { ShapeError, parseClients, parseHealth } from '../../../../exporter/sources/api/responses';
import { thrownMessage } from '../../../helpers/thrown';

const shapeError = (fn: () => unknown): string => thrownMessage(fn, ShapeError);

describe('API responses', () => {
  it('reads both shapes of /api/clients', () => {
    expect(parseClients({ online_clients: ['win-1', 'demo@win-1'] })).toEqual([{ clientId: 'win-1' }, { clientId: 'demo@win-1' }]);
    expect(
      parseClients({
        clients: [
          { client_id: 'win-1', type: 'device', platform: 'windows', connected_at: 1700000000.5, uptime_seconds: 3 },
          { client_id: 'x@win-1', platform: null, connected_at: null },
        ],
        total: 2,
      }),
    ).toEqual([{ clientId: 'win-1', clientType: 'device', platform: 'windows', connectedAt: 1700000000.5 }, { clientId: 'x@win-1' }]);
  });

  it('accepts both shapes of /api/health and rejects an unhealthy status', () => {
    expect(() => parseHealth({ status: 'healthy', online_clients: ['a'] })).not.toThrow();
    expect(() => parseHealth({ status: 'healthy', uptime_seconds: 5, connected_clients: 2, active_sessions: 0 })).not.toThrow();
    expect(shapeError(() => parseHealth({ status: 'degraded' }))).toBe('field /status is "degraded", expected "healthy"');
  });

  it.each([
    [{ status: 'ok', data: {} }, 'field /online_clients is missing'],
    [{ online_clients: 'win-1' }, 'field /online_clients must be array'],
    [{ online_clients: ['ok', 7] }, 'field /online_clients/1 must be string'],
    [{ clients: [{ client_id: 'a' }, { id: 'b' }] }, "field /clients/1/client_id is missing"],
    [{ clients: [{ client_id: 'a', type: 'robot' }] }, 'field /clients/0/type must be equal to one of the allowed values'],
    [{ clients: [{ client_id: 'a', connected_at: 'yesterday' }] }, 'field /clients/0/connected_at must be number,null'],
    [[1, 2], 'the body must be object'],
  ])('names the wrong field of %j', (body, message) => {
    expect(shapeError(() => parseClients(body))).toBe(message);
  });
});
