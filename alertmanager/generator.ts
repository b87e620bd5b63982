/**
 * `npm run build:rules` output for Alertmanager: the config (alertmanager/generated/alertmanager.yml)
 * and the notification templates (alertmanager/templates/ufo.tmpl), from the typed policy.
 */
import { stringify } from 'yaml';
import type { Generator } from '../scripts/build/generated';
import { routingConfig, type RoutingConfig } from './config';
import { buildReceivers } from './receivers';
import { buildInhibitRules, buildRoute, buildTimeIntervals } from './routing';
import type { AlertmanagerConfig } from './schema';
import { TEMPLATE_FILE, renderTemplateFile } from './templates';
import { assertValidConfig } from './validate';

export const CONFIG_FILE = 'alertmanager/generated/alertmanager.yml';

export function buildAlertmanagerConfig(c: RoutingConfig = routingConfig): AlertmanagerConfig {
  assertValidConfig(c);
  const timeIntervals = buildTimeIntervals(c);
  return {
    global: {
      resolve_timeout: c.resolveTimeout,
      smtp_from: c.email.from,
      smtp_smarthost: c.email.smarthost,
      smtp_hello: c.email.hello,
      smtp_require_tls: c.email.requireTls,
      pagerduty_url: c.pagerduty.url,
    },
    route: buildRoute(c),
    inhibit_rules: buildInhibitRules(c),
    receivers: buildReceivers(c),
    templates: [c.templatesGlob],
    ...(timeIntervals.length > 0 ? { time_intervals: timeIntervals } : {}),
  };
}

/** YAML exactly as committed (without the generated header). Long template strings stay on one line. */
export function renderAlertmanagerYaml(config: AlertmanagerConfig): string {
  return stringify(config, { lineWidth: 0 });
}

export const alertmanagerGenerator: Generator = {
  name: 'alertmanager',
  sources: 'alertmanager/*.ts',
  ownedDirs: ['alertmanager/generated', 'alertmanager/templates'],
  generate: (bundle) => [
    { path: CONFIG_FILE, content: renderAlertmanagerYaml(buildAlertmanagerConfig(bundle.alerting)) },
    { path: TEMPLATE_FILE, content: renderTemplateFile() },
  ],
};
