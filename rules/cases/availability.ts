import type { RulesConfig } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { labelSet, testTarget } from './target';

/** The promtool cases of availability.ts for a rules config: the series carry its job, the texts quote its values. */
export function availabilityCases(config: RulesConfig): UnitTestCase[] {
  const { TARGET, input, targetLabels } = testTarget(config);
  return [
    {
      name: 'UfoServerLogSilent fires after 5m of a log problem the exporter reports, not before and not while the log feeds it',
      interval: '1m',
      input: [input('ufo_exporter_log_problem', { problem: 'silent' }, '0 0 1x10'), input('ufo_exporter_log_problem', { problem: 'missing' }, '0x12')],
      alerts: [
        { alertname: 'UfoServerLogSilent', at: '1m', expect: [] },
        { alertname: 'UfoServerLogSilent', at: '5m', expect: [] },
        {
          alertname: 'UfoServerLogSilent',
          at: '8m',
          expect: [
            {
              labels: targetLabels({ severity: 'warning', problem: 'silent' }),
              description:
                'The UFO server log followed by the exporter ufo-exporter:9477 is silent (missing: the file does not exist or cannot be read; silent: nothing written while clients are connected); sessions, HTTP requests and log levels are not counted.',
            },
          ],
        },
      ],
    },
    {
      name: 'UfoServerDown fires after 1m of failed probes, not before and not while probes succeed',
      interval: '1m',
      input: [input('ufo_up', {}, '1 1 0x10'), { series: `ufo_up${labelSet({ instance: 'other:9477', job: TARGET.job })}`, values: '1x12' }],
      alerts: [
        { alertname: 'UfoServerDown', at: '1m', expect: [] },
        { alertname: 'UfoServerDown', at: '2m', expect: [] },
        {
          alertname: 'UfoServerDown',
          at: '5m',
          expect: [
            {
              labels: targetLabels({ severity: 'critical' }),
              description: `The exporter ufo-exporter:9477 (job ${TARGET.job}) has failed every probe of the UFO server API for more than ${config.serverDownFor}.`,
            },
          ],
        },
      ],
    },
    {
      name: 'UfoServerDown carries the server name from ufo_server_info (and names it in the summary)',
      interval: '1m',
      input: [input('ufo_up', {}, '0x10'), input('ufo_server_info', { server: 'lab-a', url: 'http://ufo-a:8000' }, '1x10')],
      alerts: [
        {
          alertname: 'UfoServerDown',
          at: '5m',
          expect: [
            {
              labels: targetLabels({ severity: 'critical', server: 'lab-a' }),
              description: `The exporter ufo-exporter:9477 (job ${TARGET.job}) has failed every probe of the UFO server API for more than ${config.serverDownFor}.`,
            },
          ],
        },
      ],
    },
    {
      name: 'UfoExporterDown fires when the scrape fails for 2m',
      interval: '1m',
      input: [input('up', {}, '1 1 0x10')],
      alerts: [
        { alertname: 'UfoExporterDown', at: '1m', expect: [] },
        { alertname: 'UfoExporterDown', at: '3m', expect: [] },
        {
          alertname: 'UfoExporterDown',
          at: '5m',
          expect: [
            {
              labels: targetLabels({ severity: 'critical' }),
              description: `Prometheus has had no successful scrape of job ${TARGET.job} at ufo-exporter:9477 for ${config.exporterDownFor}; UFO metrics are not collected.`,
            },
          ],
        },
      ],
    },
    {
      name: 'UfoExporterDown fires when the exporter target is absent',
      interval: '1m',
      input: [{ series: `up${labelSet({ instance: 'node:9100', job: 'node' })}`, values: '1x10' }],
      alerts: [
        {
          alertname: 'UfoExporterDown',
          at: '5m',
          expect: [
            {
              labels: { job: TARGET.job, severity: 'critical' },
              description: `Prometheus has had no successful scrape of job ${TARGET.job} (no target at all) for ${config.exporterDownFor}; UFO metrics are not collected.`,
            },
          ],
        },
      ],
    },
    {
      name: 'UfoWatchdog always fires',
      interval: '1m',
      externalUrl: 'http://localhost:9090',
      input: [],
      alerts: [
        {
          alertname: 'UfoWatchdog',
          at: '1m',
          expect: [
            {
              labels: { severity: 'none' },
              description:
                'This alert always fires in Prometheus http://localhost:9090. If a receiver stops getting it, the path from Prometheus through Alertmanager to that receiver is broken.',
            },
          ],
        },
      ],
    },
  ];
}
