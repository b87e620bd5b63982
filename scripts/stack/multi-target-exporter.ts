/**
 * Simulated UFO servers behind one multi-target exporter, for the stack, the global view and the scale
 * run: `count` simulators on loopback, each with its own API key file, and an in-process exporter
 * whose `servers:` section lists them as `<prefix>-<i>` (docs/multi-server.md).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../exporter/config';
import { startExporter } from '../../exporter/exporter';
import { createLogger, type Logger } from '../../exporter/logging';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { startListeningBinary } from './listening-binary';
import { exporterNodeArgs } from './spawn-exporter';

export interface SimulatedServer {
  readonly name: string;
  readonly sim: Simulator;
}

export interface MultiTargetFleet {
  readonly servers: readonly SimulatedServer[];
  /** http://127.0.0.1:PORT of the exporter. */
  readonly url: string;
  /** 127.0.0.1:PORT of the exporter. */
  readonly address: string;
  /** The exporter's process (this one unless `ownProcess`). */
  readonly exporterPid: number;
  close(): Promise<void>;
}

export interface MultiTargetFleetOptions {
  /** Directory for the key files and the exporter's config file (the caller removes it). */
  readonly dir: string;
  readonly count: number;
  /** Server names are `${prefix}-${i}`, i from 1. */
  readonly prefix?: string;
  /** Simulator options of the i-th server (1-based), e.g. its size. */
  readonly simulator?: (i: number) => Omit<SimulatorOptions, 'apiKey'>;
  /** --ufo.timeout of the exporter. */
  readonly timeout?: string;
  readonly maxSeries?: number;
  readonly logger?: Logger;
  /** Run the exporter as its own process (bin/ufo-exporter.js), e.g. to measure its memory alone. */
  readonly ownProcess?: boolean;
}

export async function startMultiTargetFleet(opts: MultiTargetFleetOptions): Promise<MultiTargetFleet> {
  const prefix = opts.prefix ?? 'ufo';
  const servers: SimulatedServer[] = [];
  let exporter: { url: string; pid: number; close(): Promise<void> } | undefined;
  const close = async (): Promise<void> => {
    await exporter?.close();
    await Promise.all(servers.map((s) => s.sim.close()));
  };
  try {
    const entries: string[] = [];
    for (let i = 1; i <= opts.count; i++) {
      const name = `${prefix}-${i}`;
      const apiKey = `key-${name}`;
      servers.push({ name, sim: await startSimulator({ apiKey, seed: i, ...opts.simulator?.(i) }) });
      const keyFile = join(opts.dir, `${name}.key`);
      await writeFile(keyFile, `${apiKey}\n`);
      entries.push(`  - { name: ${name}, url: "${servers[i - 1]?.sim.url ?? ''}", api_key_file: "${keyFile}" }`);
    }
    const file = join(opts.dir, 'exporter.yml');
    const settings = [
      'web: { listen-address: "127.0.0.1:0" }',
      `ufo: { timeout: ${opts.timeout ?? '5s'} }`,
      `clients: { max-series: ${opts.maxSeries ?? 1000} }`,
    ];
    await writeFile(file, [...settings, 'servers:', ...entries, ''].join('\n'));
    if (opts.ownProcess) {
      const child = await startListeningBinary({
        name: 'exporter',
        command: process.execPath,
        args: (address) => exporterNodeArgs([`--config.file=${file}`, `--web.listen-address=${address}`, '--log.level=warn']),
        readyPath: '/-/ready',
        readyTimeoutMs: 30_000,
      });
      exporter = { url: child.url, pid: child.process.pid, close: () => child.process.stop() };
    } else {
      const command = loadConfig([`--config.file=${file}`], {});
      if (command.kind !== 'run') throw new Error('multi-target fleet: the exporter config did not load');
      const running = await startExporter(command.config, opts.logger ?? createLogger({ level: 'warn', format: 'logfmt' }));
      exporter = { url: running.url, pid: process.pid, close: () => running.close() };
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { servers, url: exporter.url, address: new URL(exporter.url).host, exporterPid: exporter.pid, close };
}
