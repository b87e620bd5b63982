/** docs/configuration.md documents every option, and its example config file is one the exporter accepts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../exporter/config';
import { EXAMPLE_CONFIG_FILE } from '../../../exporter/config/doc';
import { OPTIONS, envName } from '../../../exporter/config/options';
import { useTempDir } from '../../helpers/temp-dir';

const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  const tmp = useTempDir('ufo-config-doc-');

  it('lists every flag with its environment variable in its table', () => {
    for (const o of OPTIONS) expect(doc, o.name).toMatch(new RegExp(`^\\| \`--${o.name.replace(/\./g, '\\.')}\` \\|.*\\| \`${envName(o.name)}\` \\|`, 'm'));
  });

  it('shows the example config file', () => {
    expect(doc).toContain(`\`\`\`yaml\n${EXAMPLE_CONFIG_FILE}\`\`\``);
  });

  it('has an example config file the exporter accepts', () => {
    const keyFile = join(tmp.path, 'key');
    writeFileSync(keyFile, 'k\n');
    const file = join(tmp.path, 'exporter.yml');
    writeFileSync(file, EXAMPLE_CONFIG_FILE.replace('/run/secrets/ufo-key', keyFile));
    const command = loadConfig([`--config.file=${file}`], {});
    expect(command.kind).toBe('run');
    if (command.kind === 'run') expect(command.config).toMatchObject({ timeoutMs: 3000, maxSeries: 2000, knownDevices: ['win-1', 'win-2', 'mac-1'], logFormat: 'logfmt', apiKey: 'k' });
  });
});
