import { defineConfig } from 'vitest/config';

/**
 * Tests that start an external binary (promtool, prometheus, amtool, alertmanager, chromium,
 * docker-compose, dclint, kubectl, openssl). They form the `integration` project; everything else is the
 * `unit` project (`npm run test:unit`, the quick loop while working). `npm test` runs both, as CI.
 * This is the one list (there is no separate unit config): add a test that starts a binary here.
 */
const EXTERNAL = [
  'test/alertmanager/{config,merge,routing,routing.delivery,templates}.test.ts', // amtool, alertmanager
  'test/contract/promtool-metrics.test.ts',
  'test/deploy/{agent-configs,compose,k8s,k8s-components}.test.ts', // promtool, docker-compose, dclint, kubectl
  'test/e2e/**/*.test.ts', // the whole stack
  'test/exporter/status/status-page*.test.ts', // chromium
  'test/exporter/web/{access-control,web-config}.test.ts', // openssl certificates
  'test/grafana/promql.test.ts', // promtool test rules
  'test/grafana/queries.shared-prometheus.test.ts', // prometheus, the simulator and the exporter
  'test/rules/promtool.test.ts',
  'test/scripts/stack.test.ts', // npm run stack: prometheus, alertmanager
  'test/scripts/stack/{global-view,ha-drills,probe-scrape-job,process,prometheus-config}.test.ts', // prometheus, alertmanager
];

export default defineConfig({
  test: {
    // Several suites start real servers (simulator, exporter, Prometheus, Alertmanager) on loopback.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Compiles the exporter into dist/ when a source changed (the spawned bin runs it).
    globalSetup: ['test/helpers/build-exporter.setup.ts'],
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', ...EXTERNAL] } },
      { extends: true, test: { name: 'integration', include: EXTERNAL } },
    ],
  },
});
