/**
 * Runs the receiver stand-ins on their own and prints each delivery as it arrives, until Ctrl-C:
 * `npx tsx scripts/receivers/main.ts [--smtp-password=<password>]`.
 */
import { describeDelivery, startReceivers } from './index';

const passwordArg = process.argv.find((a) => a.startsWith('--smtp-password='));
const receivers = await startReceivers(passwordArg ? { smtpPassword: passwordArg.slice('--smtp-password='.length) } : {});
console.log(`receiver stand-ins listening:\n${receivers.describe()}`);
receivers.deliveries.subscribe((d) => console.log(describeDelivery(d)));
const stop = (): void => {
  receivers.close().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
