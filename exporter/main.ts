/**
 * The `ufo-exporter` command: parses the configuration, starts the exporter, and shuts down
 * gracefully on SIGINT/SIGTERM. A bad configuration exits with status 2 and names the setting.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, helpText, loadConfig, type ExporterConfig } from './config';
import { startExporter } from './exporter';
import { createLogger } from './logging';
import { buildInfo } from './metrics/build-info';

/**
 * Every secret the configuration holds, for the logger to mask wherever it appears (a backstop: no
 * log line is meant to carry one): the API key, the /events token, and from --web.config.file the
 * bearer token and the basic-auth users' bcrypt hashes (the passwords themselves never reach the
 * exporter except in a request's Authorization header). A web config that cannot be read adds
 * nothing here: startExporter fails on it with a message naming the problem.
 */
export async function logSecrets(config: Pick<ExporterConfig, 'apiKey' | 'eventsToken' | 'webConfigFile'>): Promise<string[]> {
  const secrets = [config.apiKey, config.eventsToken ?? ''];
  if (config.webConfigFile === undefined) return secrets;
  try {
    const { loadWebConfig, readBearerToken } = await import('./web/web-config');
    const web = await loadWebConfig(config.webConfigFile);
    if (web.bearerTokenFile !== undefined) secrets.push(await readBearerToken(web.bearerTokenFile));
    secrets.push(...web.basicAuthUsers.values());
  } catch {
    // Reported by startExporter (setUpAccessControl), with the logger in place.
  }
  return secrets;
}

/** A bad configuration: one line on stderr naming the problem, exit status 2. */
function exitInvalid(message: string): never {
  process.stderr.write(`ufo-exporter: invalid configuration: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(2);
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let command;
  try {
    command = loadConfig(argv, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    exitInvalid(err.message);
  }
  if (command.kind === 'help') {
    process.stdout.write(helpText(buildInfo().version));
    return;
  }
  if (command.kind === 'version') {
    const b = buildInfo();
    process.stdout.write(`ufo-exporter ${b.version} (revision ${b.revision}, node ${b.nodejs})\n`);
    return;
  }
  const { config } = command;
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: await logSecrets(config),
  });
  let exporter;
  try {
    exporter = await startExporter(config, logger);
  } catch (err) {
    // A bad --web.config.file (or a file it names) is a configuration error like a bad flag (WebConfigError is a ConfigError).
    if (err instanceof ConfigError) exitInvalid(err.message);
    logger.error('cannot start', { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
  const running = exporter;
  const shutdown = (signal: string): void => {
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGHUP', () => {
    logger.info('reloading the web config', { signal: 'SIGHUP' });
    void running.reloadWebConfig();
  });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

const entry = process.argv[1];
// No top-level await: bin/ufo-exporter.js loads this module through require() (see there).
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href)
  runCli(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`ufo-exporter: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
