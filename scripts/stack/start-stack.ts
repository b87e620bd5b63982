/**
 * The whole stack on loopback, without Docker: fleet simulator → exporter → Prometheus (rules) →
 * Alertmanager (generated routing, local override) → receiver stand-ins. Used by `npm run stack`
 * and the end-to-end test. Every component is stopped by `stop()`, also when start-up fails half way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalTiming } from './alertmanager-local';
import type { RulesConfig } from '../../rules/config';
import { startSimulator } from '../simulator/index';
import type { Simulator, SimulatorOptions } from '../simulator/contract';
import { startAlerting, type Alerting } from './alerting';
import { startLocalExporter } from './exporter';
import type { ListeningBinary } from './listening-binary';
import { startLocalPrometheus, type LocalPrometheus } from './prometheus';
import { generatedRuleFile, writeRulesFor } from './rule-files';

export type ComponentName = 'simulator' | 'exporter' | 'prometheus' | 'alertmanager' | 'receivers';

export interface StackOptions {
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  /** The committed generated rules, or the rules rendered from a config (tests: short `for`). */
  readonly rules: { readonly kind: 'generated' } | { readonly kind: 'config'; readonly config: RulesConfig };
  /** Alertmanager group_wait / group_interval (the override keeps repeat_interval's multiple). */
  readonly alertTiming: LocalTiming;
  readonly simulator: Omit<SimulatorOptions, 'apiKey' | 'logFile' | 'host'>;
  /** More Prometheus flags (the e2e test shortens --rules.alert.resend-delay). */
  readonly prometheusArgs?: readonly string[];
  /** The exporter's --ufo.timeout. */
  readonly exporterTimeout: string;
  /** HA (`npm run stack -- --ha`, docs/multi-server.md): Prometheus replicas labelled `replica`, Alertmanager peers in one cluster. */
  readonly ha?: { readonly prometheusReplicas: number; readonly alertmanagerPeers: number };
  /** Each output line of the child processes, e.g. to print them (`npm run stack --verbose`). */
  readonly onLine?: (component: ComponentName, line: string) => void;
}

export interface Stack {
  readonly workDir: string;
  readonly simulator: Simulator;
  readonly exporter: ListeningBinary;
  readonly prometheus: LocalPrometheus;
  /** Every Prometheus replica (`prometheus` is the first); one without `ha`. */
  readonly prometheusReplicas: readonly LocalPrometheus[];
  readonly alerting: Alerting;
  /** Every URL an operator may open. */
  urls(): { readonly name: string; readonly url: string }[];
  /** The captured output of one component (the simulator's is the tail of its server log). */
  logsOf(name: ComponentName): string;
  /** Logs of the named components (all when omitted), headed by name, for failure messages. */
  failureReport(names?: readonly ComponentName[]): string;
  stop(): Promise<void>;
}

const SIMULATOR_LOG_TAIL_LINES = 60;
const API_KEY = 'local-stack-api-key';

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const workDir = await mkdtemp(join(tmpdir(), 'ufo-stack-'));
  const closers: (() => Promise<void>)[] = [() => rm(workDir, { recursive: true, force: true })];
  const stopAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  const lineTo = (component: ComponentName) => (opts.onLine ? (line: string) => opts.onLine!(component, line) : undefined);
  try {
    const alerting = await startAlerting({
      workDir: join(workDir, 'alertmanager'),
      timing: opts.alertTiming,
      onLine: lineTo('alertmanager'),
      ...(opts.ha && { peers: opts.ha.alertmanagerPeers }),
    });
    closers.push(() => alerting.close());

    const simulatorLog = join(workDir, 'ufo-server.log');
    const simulator = await startSimulator({ ...opts.simulator, apiKey: API_KEY, host: '127.0.0.1', logFile: simulatorLog });
    closers.push(() => simulator.close());

    const apiKeyFile = join(workDir, 'ufo-api-key');
    await writeFile(apiKeyFile, `${API_KEY}\n`, { mode: 0o600 });
    const exporter = await startLocalExporter({
      ufoUrl: simulator.url,
      apiKeyFile,
      logFile: simulatorLog,
      timeout: opts.exporterTimeout,
      // The status page shows the firing alerts and links to Alertmanager (Prometheus starts later,
      // on a port not known yet: no link to it here).
      extraArgs: [`--alertmanager.url=${alerting.alertmanager.url}`],
      onLine: lineTo('exporter'),
    });
    closers.push(() => exporter.process.stop());

    const ruleFiles = [opts.rules.kind === 'generated' ? generatedRuleFile() : await writeRulesFor(opts.rules.config, workDir)];
    const replicas = haReplicaLabels(opts.ha?.prometheusReplicas ?? 1);
    const prometheusReplicas: LocalPrometheus[] = [];
    for (const replica of replicas) {
      const started = await startLocalPrometheus({
        workDir: join(workDir, replica === undefined ? 'prometheus' : `prometheus-${replica}`),
        scrapeInterval: opts.scrapeInterval,
        evaluationInterval: opts.evaluationInterval,
        exporterTargets: [exporter.address],
        // Every replica sends to every Alertmanager peer; the cluster sends each notification once.
        alertmanagerTargets: alerting.peers.map((p) => p.address),
        ruleFiles,
        extraArgs: opts.prometheusArgs,
        onLine: lineTo('prometheus'),
        ...(replica !== undefined && { externalLabels: { replica }, alertDropLabels: ['replica'] }),
      });
      closers.push(() => started.process.stop());
      prometheusReplicas.push(started);
    }
    const prometheus = prometheusReplicas[0]!;

    const logsOf = (name: ComponentName): string => {
      switch (name) {
        case 'simulator':
          return tail(readFileSafely(simulatorLog), SIMULATOR_LOG_TAIL_LINES);
        case 'exporter':
          return exporter.process.logs();
        case 'prometheus':
          return prometheusReplicas.map((p) => p.process.logs()).join('\n');
        case 'alertmanager':
          return `${alerting.peers.map((p) => p.process.logs()).join('\n')}\n(config: ${alerting.configFile})`;
        case 'receivers':
          return alerting.receivers.deliveries.describe();
      }
    };
    const all: ComponentName[] = ['simulator', 'exporter', 'prometheus', 'alertmanager', 'receivers'];
    return {
      workDir,
      simulator,
      exporter,
      prometheus,
      prometheusReplicas,
      alerting,
      urls: () => [
        { name: 'UFO fleet simulator', url: simulator.url },
        { name: 'exporter metrics', url: `${exporter.url}/metrics` },
        { name: 'exporter status page', url: `${exporter.url}/` },
        ...prometheusReplicas.map((p, i) => ({ name: `Prometheus${replicas[i] === undefined ? '' : ` replica ${replicas[i]}`}`, url: p.url })),
        { name: 'Prometheus alerts', url: `${prometheus.url}/alerts` },
        ...alerting.peers.map((p, i) => ({ name: `Alertmanager${alerting.peers.length > 1 ? ` peer ${i + 1}` : ''}`, url: p.url })),
        { name: 'Slack stand-in', url: alerting.receivers.slackUrl },
        { name: 'PagerDuty stand-in', url: alerting.receivers.pagerdutyUrl },
        { name: 'webhook stand-in', url: alerting.receivers.webhookUrl },
        { name: 'SMTP stand-in', url: `smtp://${alerting.receivers.smtpSmarthost}` },
      ],
      logsOf,
      failureReport: (names = all) => names.map((n) => `===== ${n} =====\n${logsOf(n)}`).join('\n'),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The `replica` external label of each Prometheus: none for a single one, a, b, … for an HA set. */
function haReplicaLabels(count: number): (string | undefined)[] {
  if (count <= 1) return [undefined];
  return Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));
}

function readFileSafely(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return `(cannot read ${path}: ${err instanceof Error ? err.message : String(err)})`;
  }
}
