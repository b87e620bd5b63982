/**
 * `npm run build:rules` output for Alertmanager, from the typed policy:
 * - alertmanager/generated/alertmanager.yml — a complete config (the stack's);
 * - alertmanager/generated/ufo-route.yml — the fragment to merge into an existing Alertmanager: one
 *   `route` matching the UFO alerts' labels that holds all UFO routing, its `receivers`, its
 *   `inhibit_rules` (scoped to UFO alerts on both sides) and `templates` (docs/drop-in.md);
 * - alertmanager/templates/ufo.tmpl — the notification templates.
 */
import { stringify } from 'yaml';
import type { Generator } from '../scripts/build/generated';
import { defaultBundleConfig } from '../bundle/defaults';
import { routingConfig, type RoutingConfig } from './config';
import { buildReceivers } from './receivers';
import { buildInhibitRules, buildRoute, buildTimeIntervals, buildUfoRoute, type AlertScope } from './routing';
import type { AlertmanagerConfig, AlertmanagerFragment } from './schema';
import { TEMPLATE_FILE, renderTemplateFile } from './templates';
import { assertValidConfig } from './validate';

export const CONFIG_FILE = 'alertmanager/generated/alertmanager.yml';
export const FRAGMENT_FILE = 'alertmanager/generated/ufo-route.yml';

/** The UFO part of any Alertmanager config: its route, receivers, inhibitions, templates, time intervals. */
export function buildUfoFragment(c: RoutingConfig = routingConfig, scope: AlertScope = defaultBundleConfig.alertLabels): AlertmanagerFragment {
  assertValidConfig(c);
  const timeIntervals = buildTimeIntervals(c);
  return {
    route: buildUfoRoute(c, scope),
    receivers: buildReceivers(c),
    inhibit_rules: buildInhibitRules(c, scope),
    templates: [c.templatesGlob],
    ...(timeIntervals.length > 0 ? { time_intervals: timeIntervals } : {}),
  };
}

export function buildAlertmanagerConfig(c: RoutingConfig = routingConfig, scope: AlertScope = defaultBundleConfig.alertLabels): AlertmanagerConfig {
  const fragment = buildUfoFragment(c, scope);
  return {
    global: {
      resolve_timeout: c.resolveTimeout,
      smtp_from: c.email.from,
      smtp_smarthost: c.email.smarthost,
      smtp_hello: c.email.hello,
      smtp_require_tls: c.email.requireTls,
      pagerduty_url: c.pagerduty.url,
    },
    route: buildRoute(c, scope),
    inhibit_rules: fragment.inhibit_rules,
    receivers: fragment.receivers,
    templates: fragment.templates,
    ...(fragment.time_intervals ? { time_intervals: fragment.time_intervals } : {}),
  };
}

/** YAML exactly as committed (without the generated header). Long template strings stay on one line. */
export function renderAlertmanagerYaml(config: AlertmanagerConfig | AlertmanagerFragment): string {
  return stringify(config, { lineWidth: 0 });
}

export const alertmanagerGenerator: Generator = {
  name: 'alertmanager',
  sources: 'alertmanager/*.ts, bundle/defaults.ts',
  ownedDirs: ['alertmanager/generated', 'alertmanager/templates'],
  generate: (bundle) => [
    { path: CONFIG_FILE, content: renderAlertmanagerYaml(buildAlertmanagerConfig(bundle.alerting, bundle.alertLabels)) },
    { path: FRAGMENT_FILE, content: renderAlertmanagerYaml(buildUfoFragment(bundle.alerting, bundle.alertLabels)) },
    { path: TEMPLATE_FILE, content: renderTemplateFile() },
  ],
};
