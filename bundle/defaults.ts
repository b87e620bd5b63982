/**
 * The defaults of every knob of the bundle (types and meaning: bundle/config.ts). This is the one
 * place a value is written: change a threshold here and the alert, its promtool test, its runbook
 * text and its dashboard follow at the next `npm run build:rules`. To keep your own values without
 * forking, put them in a YAML file instead (`npm run build:rules -- --config my.yaml --out DIR`).
 */
import type { Destinations, Team } from '../alertmanager/config';
import type { BundleConfig } from './config';

const SECRETS_DIR = '/etc/alertmanager/secrets';

function destinations(owner: string, channelBase: string, email: string): Destinations {
  return {
    slackChannel: `#${channelBase}`,
    slackLowPriorityChannel: `#${channelBase}-low`,
    slackApiUrlFile: `${SECRETS_DIR}/slack_api_url_${owner}`,
    pagerdutyRoutingKeyFile: `${SECRETS_DIR}/pagerduty_routing_key_${owner}`,
    email,
  };
}

function team(name: string, email: string): Team {
  return { name, ...destinations(name, `ufo-${name}-alerts`, email) };
}

export const defaultBundleConfig: BundleConfig = {
  job: 'ufo-exporter',
  alertLabels: { service: 'ufo' },
  runbookBaseUrl: 'https://github.com/ufo-monitoring/ufo-monitoring/blob/main/docs/runbooks.md',
  grafanaUrl: 'http://localhost:3000',
  scrapeInterval: '15s',
  evaluationInterval: '1m',

  rules: {
    instanceLabels: ['instance', 'job'],

    availabilityEvaluationInterval: '30s',
    serverDownFor: '1m',
    exporterDownFor: '2m',
    noDevicesFor: '5m',
    minDevices: 3,
    lowDevicesFor: '10m',
    devicesOfflineRatio: 0.2,
    devicesOfflineFor: '10m',
    failedSessionStatuses: 'failed',
    sessionFailureRatio: { warning: 0.15, critical: 0.35 },
    sessionFailureFor: '2m',
    stuckSessionSeconds: 3600,
    stuckSessionFor: '1m',
    serverErrorCodes: '5..',
    http5xxRatio: { warning: 0.05, error: 0.1 },
    http5xxFor: '5m',
    errorLogLevels: 'error|critical',
    logErrorRatio: 0.1,
    logErrorFor: '10m',
    newErrorPatternPerMinute: 0.2,
    newErrorPatternFor: '10m',
    newErrorPatternHistory: '1d',
    apiLatencyP95Seconds: { warning: 1, error: 2 },
    apiLatencyFor: '5m',
    flakyClientReconnects: 3,
    flakyClientWindow: '1h',
    registrationsRejectedWindow: '15m',

    // The paging policy (docs/alerting.md): volume guards, the outage grace, cancellations,
    // rejections, flaky clients, the latency baseline.
    minFinishedSessions: 10,
    minHttpRequests: 50,
    minLogMessages: 50,
    minFailedProbes: 3,
    minOfflineDevices: 2,
    outageReconnectGrace: '10m',
    cancelledSessionRatio: 0.2,
    cancelledSessionFor: '10m',
    registrationsRejectedMin: 5,
    registrationsRejectedFor: '5m',
    flakyClientsNamed: 3,
    apiLatencyBaselineFactor: 1.5,
    apiLatencyBaselineWindow: '1d',
    apiLatencyBaselineMinSeconds: 0.25,
    apiLatencyBaselineFor: '30m',

    slos: {
      api_availability: {
        objective: 0.999,
        description: 'share of API probes of the UFO server that succeed (ufo_up)',
        pageOnBurn: true,
      },
      session_success: {
        objective: 0.98,
        description: 'share of finished sessions that do not fail (cancellations are not failures)',
        // UfoHighSessionFailureRate pages for failing sessions within 15m even at 2 sessions a minute;
        // the 1h window of a burn page would take ~30m there, and page a second time for one cause.
        pageOnBurn: false,
      },
    },
    sloPeriod: '30d',
    burnRateAlerts: [
      {
        severity: 'critical',
        for: '2m',
        pairs: [
          { long: '1h', short: '5m', factor: 14.4 },
          { long: '6h', short: '30m', factor: 6 },
        ],
      },
      {
        severity: 'warning',
        for: '15m',
        pairs: [
          { long: '1d', short: '2h', factor: 3 },
          { long: '3d', short: '6h', factor: 1 },
        ],
      },
    ],
  },

  alerting: {
    groupBy: ['alertname', 'job', 'instance'],
    timing: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
    criticalTiming: { groupWait: '10s', groupInterval: '5m', repeatInterval: '1h' },
    watchdogTiming: { groupWait: '0s', groupInterval: '1m', repeatInterval: '5m' },
    resolveTimeout: '5m',
    watchdogAlertName: 'UfoWatchdog',
    outageAlertNames: ['UfoServerDown', 'UfoExporterDown'],
    alertNamePrefix: 'Ufo',
    defaults: destinations('oncall', 'ufo-alerts', 'ufo-oncall@example.com'),
    teams: [team('platform', 'ufo-platform@example.com'), team('devices', 'ufo-devices@example.com')],
    quietHours: {
      enabled: false,
      intervals: [
        { weekdays: ['monday:friday'], times: [{ start_time: '00:00', end_time: '08:00' }, { start_time: '20:00', end_time: '24:00' }], location: 'UTC' },
        { weekdays: ['saturday', 'sunday'] },
      ],
      severities: ['error', 'warning', 'info'],
    },
    email: {
      from: 'alertmanager@example.com',
      smarthost: 'smtp.example.com:587',
      hello: 'alertmanager.example.com',
      requireTls: true,
      authUsername: 'alertmanager@example.com',
      authPasswordFile: `${SECRETS_DIR}/smtp_password`,
    },
    pagerduty: { url: 'https://events.pagerduty.com/v2/enqueue', client: 'UFO Alertmanager' },
    slackUsername: 'UFO Alertmanager',
    deadMansSwitch: { url: 'https://deadmans-switch.example.com/ping/ufo', credentialsFile: `${SECRETS_DIR}/deadmans_switch_token` },
    receiverPrefix: 'ufo-',
    templatesGlob: '../templates/*.tmpl',
  },

  grafana: {
    dashboardUids: {
      overview: 'ufo-overview',
      sessions: 'ufo-sessions',
      clients: 'ufo-clients',
      api: 'ufo-api',
      slo: 'ufo-slo',
      exporter: 'ufo-exporter',
    },
    folder: 'UFO',
    folderUid: 'ufo',
    dashboardsPath: '/var/lib/grafana/dashboards',
    // The Prometheus service of docker-compose.yml.
    datasource: { name: 'UFO Prometheus', uid: 'ufo-prometheus', url: 'http://prometheus:9090' },
  },

  kubernetes: {
    namespace: 'monitoring',
    // kube-prometheus-stack selects `release: <helm release>`; kube-prometheus `prometheus: k8s` and,
    // for rules, `role: alert-rules` (docs/drop-in.md). This default suits kube-prometheus.
    labels: { 'app.kubernetes.io/part-of': 'ufo-monitoring', prometheus: 'k8s', role: 'alert-rules' },
    prometheusRuleName: 'ufo-monitoring-rules',
  },
};
