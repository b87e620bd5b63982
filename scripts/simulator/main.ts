/**
 * CLI: `npm run simulator -- --port 8000 --api-key K --devices 5 --constellations 2 --seed 1
 * --shape ids|rich --log-file path --log-format current|legacy|json --tick-ms 1000`.
 * Prints its URL; Ctrl-C stops it.
 */
import { parseSimulatorArgs, USAGE } from './cli-args';
import type { SimulatorOptions } from './contract';
import { startSimulator } from './index';

async function main(): Promise<void> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseSimulatorArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`simulator: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(options);
  console.log(`UFO fleet simulator listening on ${sim.url} (ws: ${sim.url.replace(/^http/, 'ws')}/ws?token=<key>)`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${(error as Error).message}`);
  process.exit(1);
});
