/**
 * The notification half of the stack: the receiver stand-ins (scripts/receivers), and the local
 * Alertmanager running the generated config re-pointed at them (scripts/stack/alertmanager-local.ts:
 * only URLs, smarthost, secret paths, template path and group timings change).
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../build/run';
import { buildAlertmanagerConfig } from '../../alertmanager/generator';
import { overrideForLocalReceivers, writeLocalConfig, type LocalTiming } from './alertmanager-local';
import type { AlertmanagerConfig } from '../../alertmanager/schema';
import { startReceivers, type Receivers } from '../receivers/index';
import { startLocalAlertmanager } from './alertmanager';
import { clusterArgs, clusterPorts } from './alertmanager-cluster';
import type { ListeningBinary } from './listening-binary';

/** The stand-in SMTP server requires this password; the override writes it as the local secret. */
const LOCAL_SMTP_PASSWORD = 'local-smtp-password';

export interface Alerting {
  readonly receivers: Receivers;
  readonly alertmanager: ListeningBinary;
  /** Every Alertmanager peer (`alertmanager` is the first); one unless `peers` was given. */
  readonly peers: readonly ListeningBinary[];
  /** The overridden config Alertmanager runs (for failure reports). */
  readonly configFile: string;
  close(): Promise<void>;
}

export interface AlertingOptions {
  readonly workDir: string;
  readonly timing: LocalTiming;
  /** The config to re-point; default: the one the generator builds (the committed file, as the drift check keeps it). */
  readonly config?: AlertmanagerConfig;
  readonly onLine?: (line: string) => void;
  /** Alertmanagers in one gossip cluster (alertmanager-cluster.ts); default 1, clustering off. */
  readonly peers?: number;
}

export async function startAlerting(opts: AlertingOptions): Promise<Alerting> {
  const receivers = await startReceivers({ smtpPassword: LOCAL_SMTP_PASSWORD });
  const peers: ListeningBinary[] = [];
  try {
    const override = overrideForLocalReceivers(opts.config ?? buildAlertmanagerConfig(), {
      endpoints: receivers,
      secretsDir: join(opts.workDir, 'secrets'),
      templatesDir: join(REPO_ROOT, 'alertmanager', 'templates'),
      timing: opts.timing,
      smtpPassword: LOCAL_SMTP_PASSWORD,
    });
    const configFile = await writeLocalConfig(opts.workDir, override);
    const count = opts.peers ?? 1;
    const ports = count > 1 ? await clusterPorts(count) : [];
    for (let i = 0; i < count; i++)
      peers.push(
        await startLocalAlertmanager({
          configFile,
          workDir: count > 1 ? join(opts.workDir, `peer-${i}`) : opts.workDir,
          onLine: opts.onLine,
          ...(count > 1 && { clusterArgs: clusterArgs(ports, i) }),
        }),
      );
    const [alertmanager] = peers;
    if (!alertmanager) throw new Error('alerting: no Alertmanager peer');
    return {
      receivers,
      alertmanager,
      peers,
      configFile,
      close: async () => {
        await Promise.all(peers.map((p) => p.process.stop()));
        await receivers.close();
      },
    };
  } catch (err) {
    await Promise.all(peers.map((p) => p.process.stop()));
    await receivers.close();
    throw err;
  }
}
