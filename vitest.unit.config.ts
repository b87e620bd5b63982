/**
 * `npm run test:unit`: every test that needs no external binary (promtool, prometheus, amtool,
 * alertmanager, chromium, docker-compose, openssl) — the quick loop while working. `npm test` runs
 * everything, these included; CI runs `npm test`. A new test that starts one of those binaries is
 * added to EXTERNAL below (the unit run fails without the binary, which says so).
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const EXTERNAL = [
  'test/alertmanager/{config,delivery,routing,templates}.test.ts', // amtool, alertmanager
  'test/auth/{access,web-config}.test.ts', // openssl certificates
  'test/e2e/**', // the whole stack
  'test/exporter/promtool-metrics.test.ts',
  'test/grafana/promql.test.ts', // promtool test rules
  'test/rules/promtool.test.ts',
  'test/stack/{compose,processes,prometheus-config,stack-command}.test.ts', // docker-compose, dclint, prometheus
  'test/status/status-page*.test.ts', // chromium
  'test/targets/{agent-configs,global-view,ha-drills,prometheus-probe}.test.ts', // promtool, prometheus, alertmanager
];

export default mergeConfig(base, defineConfig({ test: { exclude: ['**/node_modules/**', ...EXTERNAL] } }));
