/**
 * The multi-target exporter: one in-process exporter with a `servers:` config file over two real
 * simulators. Each /probe?target= answers with that server's own values; an unresponsive server does
 * not hold up the other's scrape; bad targets get a 400 that says what to send, counted on /metrics.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../exporter/config';
import { startExporter, type RunningExporter } from '../../../exporter/exporter';
import { createLogger } from '../../../exporter/logging';
import { startSimulator, type Simulator } from '../../../scripts/simulator';
import { parseMetrics, type ParsedMetrics } from '../../../scripts/stack/metrics-text';
import { useTempDir } from '../../helpers/temp-dir';

const tmp = useTempDir('ufo-targets-');
let a: Simulator;
let b: Simulator;
let exporter: RunningExporter;
const logLines: string[] = [];

async function probe(target: string): Promise<ParsedMetrics> {
  const res = await fetch(`${exporter.url}/probe?target=${encodeURIComponent(target)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return parseMetrics(await res.text());
}

beforeAll(async () => {
  a = await startSimulator({ apiKey: 'key-a', devices: 3, constellations: 1, seed: 1 });
  b = await startSimulator({ apiKey: 'key-b', devices: 7, constellations: 0, seed: 2 });
  await writeFile(join(tmp.path, 'a.key'), 'key-a\n');
  await writeFile(join(tmp.path, 'b.key'), 'key-b\n');
  const file = join(tmp.path, 'exporter.yml');
  await writeFile(
    file,
    [
      'web:',
      '  listen-address: 127.0.0.1:0',
      'ufo:',
      // Long enough that the unresponsive server's probe is surely still waiting while b answers.
      '  timeout: 60s',
      'servers:',
      `  - { name: lab-a, url: "${a.url}", api_key_file: "${join(tmp.path, 'a.key')}" }`,
      `  - { name: lab-b, url: "${b.url}", api_key_file: "${join(tmp.path, 'b.key')}" }`,
      '',
    ].join('\n'),
  );
  const command = loadConfig([`--config.file=${file}`], {});
  if (command.kind !== 'run') throw new Error('expected a run command');
  expect(command.config.probeOnly).toBe(true);
  exporter = await startExporter(command.config, createLogger({ level: 'debug', write: (l) => logLines.push(l) }));
});

afterAll(async () => {
  await exporter?.close();
  await Promise.all([a?.close(), b?.close()]);
});

describe('GET /probe?target=<name>', () => {
  it("serves each server's own values, named by ufo_server_info", async () => {
    const [ma, mb] = await Promise.all([probe('lab-a'), probe('lab-b')]);
    expect(ma.value('ufo_up')).toBe(1);
    expect(mb.value('ufo_up')).toBe(1);
    expect(ma.value('ufo_server_info', { server: 'lab-a', url: a.url })).toBe(1);
    expect(mb.value('ufo_server_info', { server: 'lab-b', url: b.url })).toBe(1);
    expect(ma.value('ufo_devices', { status: 'online' })).toBe(3);
    expect(mb.value('ufo_devices', { status: 'online' })).toBe(7);
    a.control.connect('extra-device', { platform: 'linux' });
    expect((await probe('lab-a')).value('ufo_devices', { status: 'online' })).toBe(4);
    expect((await probe('lab-b')).value('ufo_devices', { status: 'online' })).toBe(7);
  });

  it('answers for one server while another does not answer at all', async () => {
    a.control.setFault({ kind: 'unresponsive' });
    let aDone = false;
    const slow = fetch(`${exporter.url}/probe?target=lab-a`).then(async (res) => {
      aDone = true;
      return parseMetrics(await res.text());
    });
    // lab-a's scrape waits up to its 60s timeout; lab-b's answers meanwhile, with its own values.
    const mb = await probe('lab-b');
    expect(aDone).toBe(false);
    expect(mb.value('ufo_up')).toBe(1);
    expect(mb.value('ufo_devices', { status: 'online' })).toBe(7);
    a.control.setFault({ kind: 'none' });
    await a.close(); // ends the hanging connection: lab-a's scrape completes, and says the server is down
    expect((await slow).value('ufo_up')).toBe(0);
    expect(aDone).toBe(true);
  });

  it('refuses a missing or unknown target with 400 and a message, and counts it on /metrics', async () => {
    const missing = await fetch(`${exporter.url}/probe`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('missing target: ask for /probe?target=<server name> (one of: lab-a, lab-b)\n');
    const unknown = await fetch(`${exporter.url}/probe?target=lab-z`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toBe('unknown target "lab-z": not a server of the servers: section (known: lab-a, lab-b)\n');
    const repeated = await fetch(`${exporter.url}/probe?target=lab-a&target=lab-b`);
    expect(repeated.status).toBe(400);
    const own = parseMetrics(await (await fetch(exporter.metricsUrl)).text());
    expect(own.value('ufo_exporter_probe_rejections_total', { reason: 'missing_target' })).toBe(2);
    expect(own.value('ufo_exporter_probe_rejections_total', { reason: 'unknown_target' })).toBe(1);
    // Without --ufo.url /metrics holds the exporter's own metrics only, no server's.
    expect(own.find('ufo_up')).toHaveLength(0);
    expect(own.find('process_resident_memory_bytes')).toHaveLength(1);
  });
});
