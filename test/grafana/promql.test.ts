/** The PromQL builders the dashboards use: exact output, and what Prometheus makes of it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { substituteVariables } from '../../grafana/queries';
import { aggregatedSeries, histogramQuantile, ratePerMinute, series, shareOf, withoutZeroFallback, zeroWhenAbsent } from '../../grafana/promql';
import { percentileTargets } from '../../grafana/panels';

describe('promql builders', () => {
  it('filter every selector on the instance variable; aggregated series also match no instance label', () => {
    expect(series('ufo_up', 'job="x"')).toBe('ufo_up{job=~"$job", instance=~"$instance", job="x"}');
    expect(aggregatedSeries('ALERTS', 'alertstate="firing"')).toBe('ALERTS{job=~"$job|", instance=~"$instance|", alertstate="firing"}');
  });

  it('rate over $__rate_interval, summed by the given labels', () => {
    expect(ratePerMinute('ufo_sessions_finished_total', ['status'], 'reason="x"')).toBe(
      'sum by (status) (rate(ufo_sessions_finished_total{job=~"$job", instance=~"$instance", reason="x"}[$__rate_interval])) * 60',
    );
  });

  it('take quantiles over the buckets summed by le, and refuse a quantile outside (0, 1)', () => {
    expect(histogramQuantile(0.95, 'ufo_api_request_duration_seconds', ['endpoint'])).toBe(
      'histogram_quantile(0.95, sum by (le, endpoint) (rate(ufo_api_request_duration_seconds_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])))',
    );
    expect(() => histogramQuantile(95, 'ufo_session_duration_seconds')).toThrow(/quantile 95 of ufo_session_duration_seconds/);
  });

  it('give p50, p95 and p99 targets with legends naming the labels', () => {
    expect(percentileTargets('ufo_api_request_duration_seconds', ['endpoint']).map((t) => t.legend)).toEqual([
      'p50 {{endpoint}}',
      'p95 {{endpoint}}',
      'p99 {{endpoint}}',
    ]);
  });

  it('compute a share that is 0, not missing, when nothing matches yet', () => {
    const all = 'sum by (route) (rate(ufo_http_requests_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))';
    const matching = 'sum by (route) (rate(ufo_http_requests_total{job=~"$job", instance=~"$instance", code=~"5.."}[$__rate_interval]))';
    expect(shareOf('ufo_http_requests_total', ['code=~"5.."'], ['route'])).toBe(`(${matching} or 0 * ${all}) / ${all}`);
  });

  it('fall back to one 0 only when the expression has no series', () => {
    expect(zeroWhenAbsent('sum by (reason) (x)')).toBe('sum by (reason) (x) or on() vector(0)');
  });

  it('give back the query a zero fallback was added to, and nothing for other queries', () => {
    const inner = 'sum by (reason) (x) or y';
    expect(withoutZeroFallback(zeroWhenAbsent(inner))).toBe(inner);
    expect(withoutZeroFallback(inner)).toBeUndefined();
    expect(withoutZeroFallback('(x or on() vector(0)) * 60')).toBeUndefined();
  });
});

/**
 * The same builders evaluated by real Prometheus code (`promtool test rules`, PromQL expression
 * tests over synthetic series), with Grafana's variables substituted as Grafana would.
 */
describe('promql builders on Prometheus (promtool)', () => {
  const vars = { instance: 'exporter:9877', __rate_interval: '5m' };
  const requests = 'ufo_http_requests_total{job="ufo-exporter", instance="exporter:9877", route="/api/health"';

  function promtoolTest(tests: unknown[]): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), 'ufo-grafana-promtool-'));
    try {
      const file = join(dir, 'test.yml');
      writeFileSync(file, stringify({ rule_files: [], evaluation_interval: '1m', tests }));
      const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', timeout: 20_000 });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('shareOf is 0 while no request failed, the failed share once some do; zeroWhenAbsent is 0 only without series', () => {
    const share = substituteVariables(shareOf('ufo_http_requests_total', ['code=~"5.."'], ['route']), vars);
    const rejected = substituteVariables(zeroWhenAbsent(ratePerMinute('ufo_registrations_rejected_total', ['reason'])), vars);
    const result = promtoolTest([
      {
        interval: '1m',
        input_series: [
          { series: `${requests}, code="200"}`, values: '0+60x20' },
          { series: `${requests}, code="500"}`, values: '_x10 0+20x10' },
          { series: 'ufo_registrations_rejected_total{job="ufo-exporter", instance="exporter:9877", reason="duplicate"}', values: '_x10 0+1x10' },
        ],
        promql_expr_test: [
          { expr: share, eval_time: '8m', exp_samples: [{ labels: '{route="/api/health"}', value: 0 }] },
          { expr: share, eval_time: '20m', exp_samples: [{ labels: '{route="/api/health"}', value: 0.25 }] },
          { expr: rejected, eval_time: '8m', exp_samples: [{ labels: '{}', value: 0 }] },
          { expr: rejected, eval_time: '20m', exp_samples: [{ labels: '{reason="duplicate"}', value: 1 }] },
        ],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it('the job and instance filters keep other jobs and exporters out (and promtool reports a wrong expectation)', () => {
    const started = substituteVariables(ratePerMinute('ufo_sessions_started_total'), vars);
    const result = promtoolTest([
      {
        interval: '1m',
        input_series: [
          { series: 'ufo_sessions_started_total{job="ufo-exporter", instance="exporter:9877"}', values: '0+1x20' },
          { series: 'ufo_sessions_started_total{job="ufo-exporter", instance="other:9877"}', values: '0+5x20' },
          // Another job scraping the same address (e.g. a second copy under another name): never counted.
          { series: 'ufo_sessions_started_total{job="someone-else", instance="exporter:9877"}', values: '0+7x20' },
        ],
        promql_expr_test: [{ expr: started, eval_time: '20m', exp_samples: [{ labels: '{}', value: 13 }] }],
      },
    ]);
    // Only the chosen job's and exporter's 1 per minute counts, so the expected 13 (with the other job) must fail.
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/exp: \{\} 1\.3E\+01\s+got: \{\} 1E\+00/);
  });
});
