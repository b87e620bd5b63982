/**
 * The notification templates (Go text/template, as Alertmanager 0.25 runs them), generated to
 * `alertmanager/templates/ufo.tmpl`. Receivers refer to them through `use()`, so a receiver cannot
 * name a template that does not exist here.
 *
 * Every message says what fired and how many, each alert's summary and description, the runbook,
 * dashboard and silence links, and, once resolved, that it is resolved.
 */

/** Every named template in ufo.tmpl; the key is how TS refers to it. */
export const TEMPLATE = {
  title: 'ufo.title',
  count: 'ufo.count',
  summary: 'ufo.summary',
  runbookUrl: 'ufo.runbook_url',
  dashboardUrl: 'ufo.dashboard_url',
  silenceUrl: 'ufo.silence_url',
  alertText: 'ufo.alert.text',
  messageText: 'ufo.message.text',
  emailText: 'ufo.email.text',
  emailHtml: 'ufo.email.html',
  slackColor: 'ufo.slack.color',
  pagerdutySeverity: 'ufo.pagerduty.severity',
} as const;
export type TemplateName = (typeof TEMPLATE)[keyof typeof TEMPLATE];

/** `{{ template "name" . }}`: how a config field uses a named template. */
export function use(name: TemplateName): string {
  return `{{ template "${name}" . }}`;
}

const define = (name: TemplateName, body: string): string => `{{ define "${name}" -}}\n${body}\n{{- end }}\n`;

/** `[FIRING:2] UfoHighErrorRate on lab-a (warning)`: the server's name (the rules join `server` in), else the instance. */
const title = define(
  TEMPLATE.title,
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] {{ .CommonLabels.alertname }}' +
    '{{ with .CommonLabels.server }} on {{ . }}{{ else }}{{ with .CommonLabels.instance }} on {{ . }}{{ end }}{{ end }}' +
    '{{ with .CommonLabels.severity }} ({{ . }}){{ end }}',
);

const count = define(
  TEMPLATE.count,
  '{{ if eq .Status "resolved" }}Resolved: {{ len .Alerts }} alert{{ if gt (len .Alerts) 1 }}s{{ end }} stopped firing.' +
    '{{ else }}{{ len .Alerts.Firing }} firing{{ with .Alerts.Resolved }}, {{ len . }} resolved{{ end }}.{{ end }}',
);

/** The group's summary: the common one, else the first alert's. */
const summary = define(
  TEMPLATE.summary,
  '{{ with .CommonAnnotations.summary }}{{ . }}{{ else }}{{ (index .Alerts 0).Annotations.summary }}{{ end }}',
);

/** Links that must never be empty (PagerDuty rejects an empty href): fall back to Alertmanager. */
const linkWithFallback = (name: TemplateName, annotation: string): string =>
  define(name, `{{ with (index .Alerts 0).Annotations.${annotation} }}{{ . }}{{ else }}{{ $.ExternalURL }}{{ end }}`);

/** Opens Alertmanager's new-silence form pre-filled with the group's labels. */
const silenceUrl = define(
  TEMPLATE.silenceUrl,
  '{{ .ExternalURL }}/#/silences/new?filter=%7B' +
    '{{ range $i, $p := .GroupLabels.SortedPairs }}{{ if $i }}%2C{{ end }}{{ $p.Name }}%3D%22{{ urlquery $p.Value }}%22{{ end }}%7D',
);

/** One alert, plain text (Slack autolinks bare URLs). */
const alertText = define(
  TEMPLATE.alertText,
  '{{ if eq .Status "resolved" }}RESOLVED{{ else }}FIRING{{ end }} {{ .Labels.severity }}: {{ .Annotations.summary }}\n' +
    '{{ .Annotations.description }}\n' +
    '{{ with .Annotations.runbook_url }}Runbook: {{ . }}\n{{ end }}' +
    '{{ with .Annotations.dashboard_url }}Dashboard: {{ . }}\n{{ end }}' +
    'Labels:{{ range .Labels.SortedPairs }} {{ .Name }}={{ .Value }}{{ end }}',
);

/** The body shared by Slack and plain-text email. */
const messageText = define(
  TEMPLATE.messageText,
  `{{ template "${TEMPLATE.count}" . }}\n` +
    `{{ range .Alerts }}\n{{ template "${TEMPLATE.alertText}" . }}\n{{ end }}` +
    `{{ if eq .Status "firing" }}\nSilence: {{ template "${TEMPLATE.silenceUrl}" . }}{{ end }}`,
);

const emailText = define(TEMPLATE.emailText, `{{ template "${TEMPLATE.title}" . }}\n\n{{ template "${TEMPLATE.messageText}" . }}`);

const emailHtml = define(
  TEMPLATE.emailHtml,
  [
    '<!DOCTYPE html>',
    '<html><body>',
    `<h2>{{ template "${TEMPLATE.title}" . }}</h2>`,
    `<p>{{ template "${TEMPLATE.count}" . }}</p>`,
    '{{ range .Alerts }}',
    '<h3>{{ if eq .Status "resolved" }}RESOLVED{{ else }}FIRING{{ end }} {{ .Labels.severity }}: {{ .Annotations.summary }}</h3>',
    '<p>{{ .Annotations.description }}</p>',
    '<p>{{ with .Annotations.runbook_url }}<a href="{{ . }}">Runbook</a>{{ end }}' +
      '{{ with .Annotations.dashboard_url }} | <a href="{{ . }}">Dashboard</a>{{ end }}</p>',
    '<p>Labels:{{ range .Labels.SortedPairs }} {{ .Name }}={{ .Value }}{{ end }}</p>',
    '{{ end }}',
    `{{ if eq .Status "firing" }}<p><a href="{{ template "${TEMPLATE.silenceUrl}" . }}">Silence this group</a></p>{{ end }}`,
    '</body></html>',
  ].join('\n'),
);

const slackColor = define(
  TEMPLATE.slackColor,
  '{{ if eq .Status "resolved" }}good{{ else if or (eq .CommonLabels.severity "critical") (eq .CommonLabels.severity "error") }}danger{{ else }}warning{{ end }}',
);

/** PagerDuty accepts critical, error, warning, info. */
const pagerdutySeverity = define(
  TEMPLATE.pagerdutySeverity,
  '{{ if eq .CommonLabels.severity "critical" }}critical{{ else if eq .CommonLabels.severity "error" }}error{{ else if eq .CommonLabels.severity "warning" }}warning{{ else }}info{{ end }}',
);

export const TEMPLATE_FILE = 'alertmanager/templates/ufo.tmpl';

export function renderTemplateFile(): string {
  return [
    title,
    count,
    summary,
    linkWithFallback(TEMPLATE.runbookUrl, 'runbook_url'),
    linkWithFallback(TEMPLATE.dashboardUrl, 'dashboard_url'),
    silenceUrl,
    alertText,
    messageText,
    emailText,
    emailHtml,
    slackColor,
    pagerdutySeverity,
  ].join('\n');
}
