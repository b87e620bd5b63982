import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/build/run';
import { RULE_FILE } from '../../../rules/generator';
import { renderPrometheusConfig, type PrometheusConfigOptions } from '../../../scripts/stack/prometheus-config';
import { useTempDir } from '../../helpers/temp-dir';

const options: PrometheusConfigOptions = {
  scrapeInterval: '2s',
  evaluationInterval: '1s',
  exporterTargets: ['127.0.0.1:9877'],
  alertmanagerTargets: ['127.0.0.1:9093'],
  selfTarget: '127.0.0.1:9090',
  ruleFiles: [join(REPO_ROOT, RULE_FILE)],
};

function promtool(...args: string[]): string {
  return execFileSync('promtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

describe('the Prometheus config of the stack', () => {
  const tmp = useTempDir('ufo-promcfg-');

  it('promtool accepts the config the stack renders, with the generated rule file loaded', () => {
    const configFile = join(tmp.path, 'prometheus.yml');
    writeFileSync(configFile, renderPrometheusConfig(options));
    expect(promtool('check', 'config', configFile)).toMatch(/SUCCESS: \d+ rule(s)? found/);
  });

  it("promtool accepts docker-compose's generated prometheus.yml (syntax: its paths exist in the container)", () => {
    expect(promtool('check', 'config', '--syntax-only', join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'))).toMatch(/SUCCESS/);
  });

  it('promtool accepts the generated multi-target variant (the /probe job with its relabelling)', () => {
    expect(promtool('check', 'config', '--syntax-only', join(REPO_ROOT, 'deploy/prometheus/prometheus-multi-target.yml'))).toMatch(/SUCCESS/);
  });

  it('rejects bad input naming the field', () => {
    expect(() => renderPrometheusConfig({ ...options, scrapeInterval: '2 seconds' })).toThrow(/scrapeInterval "2 seconds" is not a Prometheus duration/);
    expect(() => renderPrometheusConfig({ ...options, exporterTargets: ['http://127.0.0.1:9877'] })).toThrow(/exporterTargets target "http:\/\/127.0.0.1:9877" is not host:port/);
    expect(() => renderPrometheusConfig({ ...options, exporterTargets: [] })).toThrow(/exporterTargets is empty/);
  });
});
