/**
 * Points the generated Alertmanager config at local receiver stand-ins, for tests and the no-Docker
 * stack only, never for production. It changes nothing but where notifications go and how soon:
 * endpoint URLs, the SMTP smarthost and TLS requirement, secret file paths (to files it writes with
 * local secrets), the template path (to the same generated templates, made absolute) and the group
 * waits/intervals (shortened, keeping each repeat_interval the same multiple of group_interval).
 * Routing, inhibition, receivers and templates stay exactly the generated ones; a test checks that.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { AlertmanagerConfig, Receiver, Route } from '../../alertmanager/schema';
import { formatDurationMs as formatDuration, parsePrometheusDurationMs as parseDuration } from '../../exporter/duration';

export interface LocalEndpoints {
  /** Base URL of the Slack stand-in; each secret file gets `<slackUrl>/services/<file name>`. */
  readonly slackUrl: string;
  readonly pagerdutyUrl: string;
  /** Base URL of the webhook stand-in; the webhook's own path is kept. */
  readonly webhookUrl: string;
  /** `host:port` of the SMTP stand-in (spoken to without TLS). */
  readonly smtpSmarthost: string;
}

export interface LocalTiming {
  readonly groupWait: string;
  readonly groupInterval: string;
}

export interface LocalOverrideOptions {
  readonly endpoints: LocalEndpoints;
  /** Directory the local secret files are written to (a temp dir). */
  readonly secretsDir: string;
  /** Absolute path of the generated templates directory. */
  readonly templatesDir: string;
  readonly timing: LocalTiming;
  readonly smtpPassword: string;
}

export interface LocalOverride {
  readonly config: AlertmanagerConfig;
  /** Each generated secret path → the local file standing in for it and what that file holds. */
  readonly secretFiles: ReadonlyMap<string, { readonly path: string; readonly content: string }>;
}

/** A 32-character key like PagerDuty's, stable per secret file so tests can tell owners apart. */
export function localRoutingKey(secretPath: string): string {
  return createHash('md5').update(secretPath).digest('hex');
}

function requireDuration(text: string, where: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`local override: ${where} "${text}" is not a duration`);
  return ms;
}

function shortenTiming(route: Route, t: LocalTiming, where: string): Route {
  const out: Route = { ...route };
  if (route.group_wait !== undefined) out.group_wait = t.groupWait;
  if (route.group_interval !== undefined) {
    out.group_interval = t.groupInterval;
    if (route.repeat_interval !== undefined) {
      const multiple = requireDuration(route.repeat_interval, `${where}.repeat_interval`) / requireDuration(route.group_interval, `${where}.group_interval`);
      out.repeat_interval = formatDuration(Math.round(multiple * requireDuration(t.groupInterval, 'timing.groupInterval')));
    }
  } else if (route.repeat_interval !== undefined) {
    throw new Error(`local override: ${where} sets repeat_interval without group_interval; cannot keep the multiple`);
  }
  if (route.routes) out.routes = route.routes.map((r, i) => shortenTiming(r, t, `${where}.routes[${i}]`));
  return out;
}

export function overrideForLocalReceivers(config: AlertmanagerConfig, o: LocalOverrideOptions): LocalOverride {
  const secretFiles = new Map<string, { path: string; content: string }>();
  const local = (secretPath: string, content: string): string => {
    const existing = secretFiles.get(secretPath);
    if (existing) return existing.path;
    const path = join(o.secretsDir, basename(secretPath));
    secretFiles.set(secretPath, { path, content });
    return path;
  };
  const receiver = (r: Receiver): Receiver => ({
    ...r,
    ...(r.pagerduty_configs && {
      pagerduty_configs: r.pagerduty_configs.map((p) => ({
        ...p,
        routing_key_file: local(p.routing_key_file, localRoutingKey(p.routing_key_file)),
        ...(p.url === undefined ? {} : { url: o.endpoints.pagerdutyUrl }),
      })),
    }),
    ...(r.slack_configs && {
      slack_configs: r.slack_configs.map((s) => ({
        ...s,
        api_url_file: local(s.api_url_file, `${o.endpoints.slackUrl}/services/${basename(s.api_url_file)}`),
      })),
    }),
    ...(r.email_configs && {
      email_configs: r.email_configs.map((e) => ({
        ...e,
        ...(e.auth_password_file === undefined ? {} : { auth_password_file: local(e.auth_password_file, o.smtpPassword) }),
        ...(e.smarthost === undefined ? {} : { smarthost: o.endpoints.smtpSmarthost }),
        ...(e.require_tls === undefined ? {} : { require_tls: false }),
      })),
    }),
    ...(r.webhook_configs && {
      webhook_configs: r.webhook_configs.map((w) => ({
        ...w,
        url: `${o.endpoints.webhookUrl}${new URL(w.url).pathname}`,
        ...(w.http_config && {
          http_config: {
            authorization: {
              ...w.http_config.authorization,
              credentials_file: local(w.http_config.authorization.credentials_file, `local-token-${basename(w.http_config.authorization.credentials_file)}`),
            },
          },
        }),
      })),
    }),
  });
  return {
    config: {
      ...config,
      global: { ...config.global, smtp_smarthost: o.endpoints.smtpSmarthost, smtp_require_tls: false, pagerduty_url: o.endpoints.pagerdutyUrl },
      route: shortenTiming(config.route, o.timing, 'route'),
      receivers: config.receivers.map(receiver),
      templates: config.templates.map((glob) => join(o.templatesDir, basename(glob))),
    },
    secretFiles,
  };
}

/** Writes the overridden config and its local secret files into `dir`; returns the config path. */
export async function writeLocalConfig(dir: string, override: LocalOverride): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const { path, content } of override.secretFiles.values()) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { mode: 0o600 });
  }
  const configPath = join(dir, 'alertmanager.yml');
  await writeFile(configPath, stringify(override.config, { lineWidth: 0 }));
  return configPath;
}
