/**
 * The simulated server without its network side: seeded PRNG, ground truth, log, fleet, starting
 * roster and ticker. `startSimulator` serves it; `writeSimulatedLog` runs it straight into a file.
 */
import type { SimulatorOptions } from './contract';
import { logForeignRequest } from './control';
import { Fleet } from './fleet';
import type { LogSink } from './log-file';
import { Prng } from './prng';
import { LOG_FORMATS, ServerLog } from './server-log';
import { churnProfile } from './churn';
import { FleetTicker } from './ticker';
import { TruthRecorder } from './truth';

export interface SimulatedWorld {
  readonly prng: Prng;
  readonly truth: TruthRecorder;
  readonly log: ServerLog;
  readonly fleet: Fleet;
  readonly ticker: FleetTicker;
  /** Connects the starting fleet (logged like any connect). */
  connectRoster(): void;
}

export type WorldOptions = Pick<SimulatorOptions, 'apiKey' | 'seed' | 'devices' | 'constellations' | 'logFormat' | 'churn'>;

function checkCount(name: string, value: number | undefined): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new Error(`simulator option ${name}: expected an integer >= 0, got ${value}`);
  return n;
}

/** Throws naming the first bad option. */
export function checkWorldOptions(opts: WorldOptions): void {
  if (typeof opts.apiKey !== 'string' || opts.apiKey.length === 0) throw new Error('simulator option apiKey: required, a non-empty string');
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new Error(`simulator option seed: expected an integer, got ${opts.seed}`);
  if (opts.logFormat !== undefined && !LOG_FORMATS.includes(opts.logFormat))
    throw new Error(`simulator option logFormat: expected ${LOG_FORMATS.join('|')}, got ${JSON.stringify(opts.logFormat)}`);
  checkCount('devices', opts.devices);
  checkCount('constellations', opts.constellations);
}

/** The starting fleet: `win-1`, `linux-2`, … and constellations `orchestrator-1@<device>`. */
function seedRoster(prng: Prng, devices: number, constellations: number): { clientId: string; platform: string }[] {
  const roster: { clientId: string; platform: string }[] = [];
  for (let i = 1; i <= devices; i++) {
    const platform = prng.chance(0.7) ? 'windows' : 'linux';
    roster.push({ clientId: `${platform === 'windows' ? 'win' : 'linux'}-${i}`, platform });
  }
  for (let j = 1; j <= constellations; j++) {
    const device = roster[(j - 1) % Math.max(1, devices)];
    roster.push({ clientId: `orchestrator-${j}@${device?.clientId ?? 'none'}`, platform: device?.platform ?? 'windows' });
  }
  return roster;
}

export function createWorld(opts: WorldOptions, sink: LogSink): SimulatedWorld {
  checkWorldOptions(opts);
  const prng = new Prng(opts.seed ?? 1);
  const truth = new TruthRecorder();
  const log = new ServerLog(sink, opts.logFormat ?? 'current', (level) => truth.logRecord(level));
  const fleet = new Fleet(log, truth, prng, `/ws?token=${opts.apiKey}`);
  const roster = seedRoster(prng, checkCount('devices', opts.devices), checkCount('constellations', opts.constellations));
  const ticker = new FleetTicker(
    fleet,
    prng,
    roster,
    (method, path, status) => logForeignRequest({ log, truth, prng }, method, path, status),
    churnProfile(opts.churn ?? 'busy'),
  );
  return {
    prng,
    truth,
    log,
    fleet,
    ticker,
    connectRoster: () => {
      for (const { clientId, platform } of roster) fleet.connect(clientId, { platform });
    },
  };
}
