import { defaultRulesConfig as config } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { input, targetLabels } from './target';

const requests = (code: string, values: string) => input('ufo_http_requests_total', { method: 'GET', route: '/api/health', code }, values);
const http5xxDescription = (ratio: string, threshold: string) =>
  `${ratio} of the HTTP requests to the UFO server behind ufo-exporter:9477 were answered with 5xx over 5m (threshold ${threshold}, at least ${config.minHttpRequests} requests).`;
const logs = (level: string, values: string) => input('ufo_log_messages_total', { level }, values);

export const errorsCases: UnitTestCase[] = [
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
