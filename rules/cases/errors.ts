import { defaultRulesConfig as config } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { input, targetLabels } from './target';

const requests = (code: string, values: string) => input('ufo_http_requests_total', { method: 'GET', route: '/api/health', code }, values);
const http5xxDescription = (ratio: string, threshold: string) =>
  `${ratio} of the HTTP requests to the UFO server behind ufo-exporter:9477 were answered with 5xx over 5m (threshold ${threshold}, at least ${config.minHttpRequests} requests).`;
const logs = (level: string, values: string) => input('ufo_log_messages_total', { level }, values);
const OLD_PATTERN = '[WS] Error with client None: Target device <str> is not connected';
const NEW_PATTERN = '[SessionManager] ❌ Error in session <id>: <str> object is not iterable [TypeError]';
const errorsOf = (pattern: string, values: string, logger = 'ufo.server.services.session_manager') =>
  input('ufo_log_errors_total', { level: 'error', logger, pattern }, values);
const newPatternDescription = (perMinute: string) =>
  `The UFO server behind ufo-exporter:9477 logs error records of a pattern not seen in the 1d before the last hour, ${perMinute} per minute over 10m (logger ufo.server.services.session_manager): ${NEW_PATTERN}`;

export const errorsCases: UnitTestCase[] = [
  {
    name: 'UfoNewErrorPattern: a pattern absent for a day, then once a minute, fires with the pattern; old, rare (once in 10m) and pattern="other" ones do not',
    interval: '1m',
    input: [
      errorsOf(OLD_PATTERN, '0+1x135', 'UFOWebSocketHandler'),
      errorsOf(NEW_PATTERN, '_x70 0+1x65'),
      errorsOf('Client <id> not online', '_x70 0+0.1x65', 'ufo.server.app'),
      input('ufo_log_errors_total', { level: 'error', logger: 'other', pattern: 'other' }, '_x70 0+5x65'),
    ],
    alerts: [
      // The old pattern has been seen for over an hour; the new one is pending (for: 10m).
      { alertname: 'UfoNewErrorPattern', at: '75m', expect: [] },
      {
        alertname: 'UfoNewErrorPattern',
        at: '90m',
        expect: [
          {
            labels: targetLabels({ severity: 'warning', level: 'error', logger: 'ufo.server.services.session_manager', pattern: NEW_PATTERN }),
            description: newPatternDescription('1'),
          },
        ],
      },
      // An hour after it first appeared the pattern is in the look-back: no longer new.
      { alertname: 'UfoNewErrorPattern', at: '135m', expect: [] },
    ],
  },
  {
    name: 'UfoHighErrorRate: 8% 5xx is a warning',
    interval: '1m',
    input: [requests('200', '0+92x20'), requests('503', '0+8x20')],
    alerts: [
      { alertname: 'UfoHighErrorRate', at: '4m', expect: [] },
      { alertname: 'UfoHighErrorRate', at: '15m', expect: [{ labels: targetLabels({ severity: 'warning' }), description: http5xxDescription('8%', '5%') }] },
    ],
  },
  {
    name: 'UfoHighErrorRate: 25% 5xx is warning and error (Slack and email, no page)',
    interval: '1m',
    input: [requests('200', '0+30x20'), requests('500', '0+10x20')],
    alerts: [
      {
        alertname: 'UfoHighErrorRate',
        at: '15m',
        expect: [
          { labels: targetLabels({ severity: 'warning' }), description: http5xxDescription('25%', '5%') },
          { labels: targetLabels({ severity: 'error' }), description: http5xxDescription('25%', '10%') },
        ],
      },
    ],
    exprs: [{ expr: 'ufo:http_requests_5xx:ratio_rate5m', at: '15m', samples: [{ labels: 'ufo:http_requests_5xx:ratio_rate5m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.25 }] }],
  },
  {
    name: 'UfoHighErrorRate: a quiet server with 1 of 4 requests answered 5xx is below the volume guard',
    interval: '1m',
    input: [requests('200', '0+0.6x20'), requests('500', '0+0.2x20')],
    alerts: [{ alertname: 'UfoHighErrorRate', at: '15m', expect: [] }],
  },
  {
    name: 'UfoHighErrorRate: 4xx do not count',
    interval: '1m',
    input: [requests('200', '0+5x20'), requests('404', '0+5x20')],
    alerts: [{ alertname: 'UfoHighErrorRate', at: '15m', expect: [] }],
  },
  {
    name: 'UfoHighLogErrorRate: 20% error + critical messages for 10m',
    interval: '1m',
    input: [logs('info', '0+12x30'), logs('error', '0+2x30'), logs('critical', '0+1x30'), logs('warning', '0+1x30')],
    alerts: [
      { alertname: 'UfoHighLogErrorRate', at: '8m', expect: [] },
      {
        alertname: 'UfoHighLogErrorRate',
        at: '25m',
        expect: [
          {
            labels: targetLabels({ severity: 'warning' }),
            description: `18.75% of the messages the UFO server behind ufo-exporter:9477 logged over 10m were ERROR or CRITICAL (threshold 10%, at least ${config.minLogMessages} messages).`,
          },
        ],
      },
    ],
    exprs: [{ expr: 'ufo:log_messages_error:ratio_rate10m', at: '25m', samples: [{ labels: 'ufo:log_messages_error:ratio_rate10m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.1875 }] }],
  },
  {
    name: 'UfoHighLogErrorRate: a quiet server logging 2 errors in 10 messages is below the volume guard',
    interval: '1m',
    input: [logs('info', '0+0.8x30'), logs('error', '0+0.2x30')],
    alerts: [{ alertname: 'UfoHighLogErrorRate', at: '25m', expect: [] }],
  },
  {
    name: 'UfoHighLogErrorRate: warnings are not errors',
    interval: '1m',
    input: [logs('info', '0+1x30'), logs('warning', '0+1x30')],
    alerts: [{ alertname: 'UfoHighLogErrorRate', at: '25m', expect: [] }],
  },
];
