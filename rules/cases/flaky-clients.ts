/**
 * The promtool cases of UfoFlakyClient for a rules config. `ufo_client_reconnects_total` is sparse:
 * a client's series is born at its first reconnect (at 1), is absent while the client is away, and a
 * stable fleet has none. rules/reconnects.ts says what the rule counts; these cases pin it down.
 */
import { durationSeconds } from '../../exporter/duration';
import type { RulesConfig } from '../config';
import type { AlertCheck, UnitTestCase } from '../unit-tests';
import { testTarget } from './target';

/** One promtool sample per interval: a value, `_` (no sample) or `stale` (the series disappeared). */
type Sample = number | '_' | 'stale';

const repeat = (sample: Sample, count: number): Sample[] => Array.from({ length: Math.max(0, count) }, () => sample);
/** from, from+1, …, to: one reconnect per sample. */
const rising = (from: number, to: number): Sample[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
/** Samples padded with the last one (or `_`) up to `length`. */
const held = (samples: readonly Sample[], length: number): string => [...samples, ...repeat(samples.at(-1) ?? '_', length - samples.length)].join(' ');

export function flakyClientCases(config: RulesConfig): UnitTestCase[] {
  const { input, targetLabels } = testTarget(config);
  const threshold = config.flakyClientReconnects;
  const window = config.flakyClientWindow;
  const windowMinutes = durationSeconds(window) / 60;
  const reconnects = (clientId: string, samples: string) => input('ufo_client_reconnects_total', { client_id: clientId }, samples);
  const fires = (at: AlertCheck['at'], worst: readonly (readonly [string, number])[]): AlertCheck => ({
    alertname: 'UfoFlakyClient',
    at,
    expect: [
      {
        labels: targetLabels({ severity: 'warning' }),
        description: `${worst.length} clients reconnected more than ${threshold} times in ${window} to the UFO server behind ufo-exporter:9477; the most: ${worst
          .slice(0, config.flakyClientsNamed)
          .map(([id, n]) => `${id} (${n}×)`)
          .join(', ')}`,
      },
    ],
  });

  // Born inside the window: no sample before minute 1, then one reconnect a minute.
  const bornEnd = threshold + 14;
  const bornAt = `${bornEnd}m` as const;
  const born = (count: number) => held(['_', ...rising(1, count)], bornEnd + 1);
  const flaky = Array.from({ length: 11 }, (_, i) => [`win-${i + 1}`, threshold + 1 + i] as const);

  // Evaluated one window and 30 minutes in: the window starts at minute 30.
  const lateEnd = windowMinutes + 30;
  const lateAt = `${lateEnd}m` as const;
  const start = 30;
  // Returns after being away at the window's start, then flaps: away (stale) between reconnects.
  const awayReturns = [...repeat(7, start - 10), 'stale' as const, ...repeat('_', 15), ...rising(8, 8 + threshold + 1).flatMap((v): Sample[] => [v, 'stale'])];

  return [
    {
      name: 'UfoFlakyClient: a series first appears at its first reconnect, and that reconnect counts; one alert per server naming the worst',
      interval: '1m',
      input: [...flaky.map(([id, n]) => reconnects(id, born(n))), reconnects('linux-1', born(threshold))],
      alerts: [
        { alertname: 'UfoFlakyClient', at: '1m', expect: [] },
        fires(bornAt, [...flaky].reverse()),
      ],
    },
    {
      name: 'UfoFlakyClient counts only reconnects inside the window: older ones, and a return after being away, are not the window’s',
      interval: '1m',
      input: [
        // Reconnected 5 times long ago, then threshold+1 times inside the window.
        reconnects('old-1', held([...repeat(5, start + 10), ...rising(6, 5 + threshold + 1)], lateEnd + 1)),
        // Reconnected 10 times long ago, none since: 0 in the window.
        reconnects('steady-1', held([10], lateEnd + 1)),
        // Away at the window's start with 7 reconnects behind it: its return and threshold+1 more count, not the 7.
        reconnects('away-1', held(awayReturns, lateEnd + 1)),
      ],
      alerts: [
        fires(lateAt, [
          ['away-1', threshold + 2],
          ['old-1', threshold + 1],
        ]),
      ],
    },
    {
      name: 'UfoFlakyClient stays quiet for a stable fleet: no client ever reconnected, so no reconnect series at all',
      interval: '1m',
      input: ['win-1', 'win-2', 'linux-1'].map((id) => input('ufo_client_info', { client_id: id, client_type: 'device', platform: 'windows' }, held([1], lateEnd + 1))),
      alerts: [
        { alertname: 'UfoFlakyClient', at: '10m', expect: [] },
        { alertname: 'UfoFlakyClient', at: lateAt, expect: [] },
      ],
    },
    {
      name: 'UfoFlakyClient: an exporter restart inside the window (the counter starts again) never inflates the count',
      interval: '1m',
      input: [
        // Returns inside the window with many reconnects from the exporter's previous run, then the
        // exporter restarts (the series vanishes) and the client reconnects once more: 2 in the window.
        reconnects('restart-1', held([...repeat('_', 5), ...repeat(threshold * 10 + 10, 5), 'stale', ...repeat('_', 3), 1], 30)),
      ],
      alerts: [{ alertname: 'UfoFlakyClient', at: '20m', expect: [] }],
    },
  ];
}
