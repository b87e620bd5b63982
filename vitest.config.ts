import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several suites start real servers (simulator, exporter, Prometheus, Alertmanager) on loopback.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Compiles the exporter into dist/ when a source changed (the spawned bin runs it).
    globalSetup: ['test/helpers/build-exporter.setup.ts'],
    reporters: ['default'],
  },
});
