import { defineConfig } from 'vitest/config';

/**
 * Tests that start another program. They form the `integration` project; everything else is the
 * `unit` project (`npm run test:unit`, the quick in-process loop while working). `npm test` runs
 * both, as CI. These are the one list (there is no separate unit config): a test that starts a
 * program goes in one of them.
 */
/** An external binary: promtool, prometheus, amtool, alertmanager, chromium, docker-compose, dclint, kubectl, openssl. */
const EXTERNAL = [
  'test/alertmanager/{config,merge,routing,routing.delivery,templates}.test.ts', // amtool, alertmanager
  'test/contract/promtool-metrics.test.ts',
  'test/deploy/{agent-configs,compose,k8s,k8s-components}.test.ts', // promtool, docker-compose, dclint, kubectl
  'test/e2e/**/*.test.ts', // the whole stack
  'test/exporter/status/alertmanager.test.ts', // alertmanager
  'test/exporter/status/status-page*.test.ts', // chromium
  'test/exporter/web/{access-control,web-config}.test.ts', // openssl certificates
  'test/grafana/promql.test.ts', // promtool test rules
  'test/grafana/queries.shared-prometheus.test.ts', // prometheus, the simulator and the exporter
  'test/hostile/mtls-reload.test.ts', // openssl certificates
  'test/rules/promtool.test.ts',
  'test/scripts/build-rules.override-promtool.test.ts', // promtool
  'test/scripts/stack.test.ts', // npm run stack: prometheus, alertmanager
  'test/scripts/stack/{global-view,ha-drills,probe-scrape-job,process,prometheus-config}.test.ts', // prometheus, alertmanager
];

/** One of ours as a child process: the exporter CLI (bin/ or tsx), the simulator CLI, build:rules, the demo. */
const PROCESSES = [
  'test/contract/{log,log-error-patterns,log-fields}.test.ts', // bin/ufo-exporter.js on the simulator's log
  'test/exporter/main.test.ts',
  'test/exporter/worker-settle.test.ts', // node with V8's testing flags
  'test/exporter/sources/log.event-shapes.test.ts', // node with V8's tracing flags
  'test/exporter/status/{disabled,telemetry-link}.test.ts',
  'test/hostile/config-errors.test.ts',
  'test/scripts/{build-exporter,build-rules.overrides,demo,ensure-deps}.test.ts',
  'test/scripts/simulator/cli-args.test.ts',
  'test/scripts/stack/spawn-exporter.node.test.ts', // node with the exporter's flags
];

const INTEGRATION = [...EXTERNAL, ...PROCESSES];

export default defineConfig({
  test: {
    // Several suites start real servers (simulator, exporter, Prometheus, Alertmanager) on loopback.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...INTEGRATION],
          // In-process tests that keep no state between files (they pass shuffled): one module graph per
          // worker instead of one per file, which was half the unit run's CPU.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          // Compiles the exporter into dist/ when a source changed (the spawned bin runs it).
          globalSetup: ['test/helpers/build-exporter.setup.ts'],
        },
      },
    ],
  },
});
