/**
 * `npm run stack`: the whole monitoring stack on loopback without Docker — fleet simulator, exporter,
 * the local `prometheus` and `prometheus-alertmanager` binaries with the generated rules and routing,
 * and stand-ins for Slack, PagerDuty, SMTP and the dead-man's-switch webhook that print what they
 * receive. Prints every URL; Ctrl-C stops everything.
 *
 * Flags: --scrape-interval 5s  --evaluation-interval 5s  --devices 8  --constellations 2
 *        --tick-ms 1000  --churn healthy|busy  --verbose (print every component's output)
 *        --ha (two Prometheus replicas, three clustered Alertmanagers)
 *        --ha --drills (run the HA drills on the fast profile, print one line each, exit 1 unless all pass)
 *        --sites 3 (the global view: per site a simulator, exporter and Prometheus agent; a central store)
 * The default fleet is `healthy` (scripts/simulator/churn.ts): steady sessions, ~3% failing, rare
 * disconnects — it pages nobody; faults come on demand (printed below).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePrometheusDurationMs } from '../exporter/duration';
import { describeDelivery } from './receivers/index';
import { CHURN_PROFILES, type ChurnProfileName } from './simulator/churn';
import { fastStackOptions } from './stack/fast-profile';
import { runGlobalView } from './stack/global-view-main';
import { drillPassed, HA_TOPOLOGY, runHaDrills } from './stack/ha-drills';
import { startStack, type Stack } from './stack/start-stack';

const USAGE = `usage: npm run stack -- [--scrape-interval 5s] [--evaluation-interval 5s] [--devices 8]
       [--constellations 2] [--tick-ms 1000] [--churn healthy|busy] [--verbose] [--ha [--drills]] [--sites 3]`;

function integer(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${name}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

function churnName(value: string): ChurnProfileName {
  if (!(value in CHURN_PROFILES)) throw new Error(`--churn: expected one of ${Object.keys(CHURN_PROFILES).join(', ')}, got ${JSON.stringify(value)}`);
  return value as ChurnProfileName;
}

function duration(name: string, value: string): string {
  if (parsePrometheusDurationMs(value) === undefined) throw new Error(`--${name}: expected a duration such as 5s, got ${JSON.stringify(value)}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      'scrape-interval': { type: 'string', default: '5s' },
      'evaluation-interval': { type: 'string', default: '5s' },
      devices: { type: 'string', default: '8' },
      constellations: { type: 'string', default: '2' },
      'tick-ms': { type: 'string', default: '1000' },
      churn: { type: 'string', default: 'healthy' },
      verbose: { type: 'boolean', default: false },
      ha: { type: 'boolean', default: false },
      drills: { type: 'boolean', default: false },
      sites: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const onLine = values.verbose ? (component: string, line: string) => console.log(`[${component}] ${line}`) : undefined;
  if (values.sites !== undefined) {
    await runGlobalView(integer('sites', values.sites), integer('devices', values.devices), onLine);
    return;
  }
  if (values.drills) {
    if (!values.ha) throw new Error('--drills runs the HA drills: add --ha');
    console.log('HA drills: 2 Prometheus replicas, 3 clustered Alertmanagers, fast profile…');
    const results = await runHaDrills({ ...fastStackOptions, ...(onLine && { onLine }) }, (line) => console.log(line));
    process.exit(results.every(drillPassed) ? 0 : 1);
  }
  // A Ctrl-C while the components start is answered once they are up (startStack cleans up after
  // itself only when it fails): the stop below then runs at once.
  let early: string | undefined;
  const earlyInt = (): void => void (early ??= 'SIGINT');
  const earlyTerm = (): void => void (early ??= 'SIGTERM');
  process.once('SIGINT', earlyInt).once('SIGTERM', earlyTerm);
  console.log(`starting the stack (simulator, exporter, ${values.ha ? '2 prometheus replicas, 3 clustered alertmanagers' : 'prometheus, alertmanager'}, receiver stand-ins)…`);
  const stack: Stack = await startStack({
    scrapeInterval: duration('scrape-interval', values['scrape-interval']),
    evaluationInterval: duration('evaluation-interval', values['evaluation-interval']),
    rules: { kind: 'generated' },
    // Notifications come quickly in a demo; routing, receivers and inhibition are the generated ones.
    alertTiming: { groupWait: '5s', groupInterval: '30s' },
    simulator: {
      devices: integer('devices', values.devices),
      constellations: integer('constellations', values.constellations),
      tickMs: integer('tick-ms', values['tick-ms']),
      churn: churnName(values.churn),
    },
    exporterTimeout: '2s',
    // Prometheus drops alerts that fire before it has discovered Alertmanager (~5 s after start) and
    // resends only after --rules.alert.resend-delay (default 1m): keep the first notifications prompt.
    prometheusArgs: ['--rules.alert.resend-delay=5s'],
    onLine,
    ...(values.ha && { ha: HA_TOPOLOGY }),
  });
  console.log('\nthe stack is up:');
  const width = Math.max(...stack.urls().map((u) => u.name.length));
  for (const { name, url } of stack.urls()) console.log(`  ${name.padEnd(width)}  ${url}`);
  const sim = `curl -X POST -H 'X-API-Key: ${stack.simulator.apiKey}'`;
  console.log('\ninject faults through the simulator (alerts use the generated `for` durations, e.g. 5m):');
  console.log(`  ${sim} ${stack.simulator.url}/_sim/drop-devices       # -> UfoNoDevicesConnected`);
  console.log(`  ${sim} ${stack.simulator.url}/_sim/restore-devices    # -> resolved`);
  console.log(`  ${sim} -H 'content-type: application/json' -d '{"kind":"unresponsive"}' ${stack.simulator.url}/_sim/fault   # -> UfoServerDown`);
  console.log(`  ${sim} -H 'content-type: application/json' -d '{"kind":"none"}' ${stack.simulator.url}/_sim/fault`);
  console.log(`  ${sim} -H 'content-type: application/json' -d '{"count":20}' ${stack.simulator.url}/_sim/failure-storm   # -> UfoHighSessionFailureRate`);
  console.log('Ctrl-C stops everything.');
  console.log('notifications received by the stand-ins are printed below:\n');
  stack.alerting.receivers.deliveries.subscribe((d) => console.log(describeDelivery(d)));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping every component…`);
    stack.stop().then(
      () => {
        console.log('stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`stack: stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.off('SIGINT', earlyInt).off('SIGTERM', earlyTerm);
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // The last resort for the temporary folder: an exit that skipped stop() (e.g. a failing stop).
  process.on('exit', () => rmSync(stack.workDir, { recursive: true, force: true }));
  if (early !== undefined) stop(early);
}

main().catch((err: unknown) => {
  console.error(`stack: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(1);
});
