/**
 * The notification half of the stack: the receiver stand-ins (scripts/receivers), and the local
 * Alertmanager running the generated config re-pointed at them (alertmanager/local-override.ts:
 * only URLs, smarthost, secret paths, template path and group timings change).
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../build/run';
import { buildAlertmanagerConfig } from '../../alertmanager/generator';
import { overrideForLocalReceivers, writeLocalConfig, type LocalTiming } from '../../alertmanager/local-override';
import type { AlertmanagerConfig } from '../../alertmanager/schema';
import { startReceivers, type Receivers } from '../receivers/index';
import { startLocalAlertmanager } from './alertmanager';
import type { ListeningBinary } from './listening-binary';

/** The stand-in SMTP server requires this password; the override writes it as the local secret. */
const LOCAL_SMTP_PASSWORD = 'local-smtp-password';

export interface Alerting {
  readonly receivers: Receivers;
  readonly alertmanager: ListeningBinary;
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
}

export async function startAlerting(opts: AlertingOptions): Promise<Alerting> {
  const receivers = await startReceivers({ smtpPassword: LOCAL_SMTP_PASSWORD });
  try {
    const override = overrideForLocalReceivers(opts.config ?? buildAlertmanagerConfig(), {
      endpoints: receivers,
      secretsDir: join(opts.workDir, 'secrets'),
      templatesDir: join(REPO_ROOT, 'alertmanager', 'templates'),
      timing: opts.timing,
      smtpPassword: LOCAL_SMTP_PASSWORD,
    });
    const configFile = await writeLocalConfig(opts.workDir, override);
    const alertmanager = await startLocalAlertmanager({ configFile, workDir: opts.workDir, onLine: opts.onLine });
    return {
      receivers,
      alertmanager,
      configFile,
      close: async () => {
        await alertmanager.process.stop();
        await receivers.close();
      },
    };
  } catch (err) {
    await receivers.close();
    throw err;
  }
}
