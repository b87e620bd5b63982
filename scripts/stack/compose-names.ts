/**
 * Service names, ports and in-container paths of docker-compose.yml that generated deploy files
 * depend on. docker-compose.yml is written by hand (it is read by operators); test/deploy/compose.test.ts checks that
 * it uses exactly these.
 */
export const COMPOSE = {
  exporter: { service: 'exporter', port: 9877 },
  /** The UFO server's log directory: the `ufo-logs` volume, written by the server, read-only in the exporter. */
  serverLog: { volume: 'ufo-logs', dir: '/var/log/ufo', file: 'server.log' },
  simulator: { service: 'simulator', port: 8000 },
  prometheus: { service: 'prometheus', port: 9090, rulesDir: '/etc/prometheus/rules' },
  alertmanager: { service: 'alertmanager', port: 9093, secretsDir: '/etc/alertmanager/secrets' },
  grafana: { service: 'grafana', port: 3000 },
  /** Committed placeholder secrets; operators point UFO_SECRETS_DIR at their real ones. */
  exampleSecretsDir: 'deploy/secrets/example',
} as const;

/** The exporter's own secret (the UFO server API key), beside Alertmanager's in the secrets dir. */
export const UFO_API_KEY_SECRET = 'ufo_api_key';
/** Grafana's admin password (GF_SECURITY_ADMIN_PASSWORD__FILE). */
export const GRAFANA_ADMIN_PASSWORD_SECRET = 'grafana_admin_password';
