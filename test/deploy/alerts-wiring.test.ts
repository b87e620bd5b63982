/**
 * Every shipped setup gives the exporter an Alertmanager, so the status page's alerts panel is on
 * out of the box: docker-compose, the Kubernetes Deployment and its log-sidecar variant. (`npm run
 * stack` is checked live in stack-command.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../scripts/build/run';

interface Container {
  readonly name: string;
  readonly args?: readonly string[];
}

function exporterArgs(file: string): readonly string[] {
  const docs = parseAllDocuments(readFileSync(join(REPO_ROOT, file), 'utf8')).map((d) => d.toJS() as { spec?: { template?: { spec?: { containers?: Container[] } } } });
  const containers = docs.flatMap((d) => d.spec?.template?.spec?.containers ?? []);
  const exporter = containers.find((c) => c.name.includes('exporter'));
  expect(exporter, `an exporter container in ${file}`).toBeDefined();
  return exporter?.args ?? [];
}

describe('the shipped setups pass --alertmanager.url', () => {
  it('docker-compose: the Alertmanager service, and links as the browser reaches the stack', () => {
    const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { command?: string[] }> };
    const command = compose.services['exporter']?.command ?? [];
    expect(command).toContain('--alertmanager.url=http://alertmanager:9093');
    expect(command.filter((a) => a.startsWith('--status.'))).toEqual([
      '--status.alertmanager-url=http://127.0.0.1:9093',
      '--status.prometheus-url=http://127.0.0.1:9090',
      '--status.grafana-url=http://127.0.0.1:3000',
    ]);
  });

  for (const file of ['k8s/deployment.yaml', 'k8s/components/server-log-sidecar/sidecar.yaml'])
    it(`${file}: the Prometheus Operator's Alertmanager`, () => {
      expect(exporterArgs(file).filter((a) => a.startsWith('--alertmanager.url='))).toEqual(['--alertmanager.url=http://alertmanager-operated.monitoring.svc:9093']);
    });
});
