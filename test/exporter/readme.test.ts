/** The README's Configuration section documents every option, and its example config file is valid. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../exporter/config';
import { OPTIONS } from '../../exporter/config/options';
import { useTempDir } from '../helpers/temp-dir';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));

describe('README configuration section', () => {
  const tmp = useTempDir('ufo-readme-');

  it('lists every flag in its table', () => {
    for (const o of OPTIONS) expect(configuration, o.name).toContain(`| \`--${o.name}\` |`);
  });

  it('has an example config file the exporter accepts', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(configuration)?.[1];
    expect(yaml).toBeDefined();
    const keyFile = join(tmp.path, 'key');
    writeFileSync(keyFile, 'k\n');
    const file = join(tmp.path, 'exporter.yml');
    writeFileSync(file, (yaml ?? '').replace('/run/secrets/ufo-key', keyFile));
    const command = loadConfig([`--config.file=${file}`], {});
    expect(command.kind).toBe('run');
    if (command.kind === 'run') expect(command.config).toMatchObject({ timeoutMs: 3000, maxSeries: 2000, knownDevices: ['win-1', 'win-2', 'mac-1'], logFormat: 'logfmt', apiKey: 'k' });
  });
});
