/** The config file's `servers:` section: accepted entries, and errors naming the entry and field. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../exporter/config';
import { parseServers } from '../../../exporter/targets/servers-config';
import { thrownMessage } from '../../helpers/thrown';
import { useTempDir } from '../../helpers/temp-dir';

const tmp = useTempDir('ufo-servers-');
const O = 'exporter.yml: servers';

describe('servers: section', () => {
  it('reads name, url, the key from api_key_file and an optional log_file', () => {
    const key = join(tmp.path, 'k');
    writeFileSync(key, ' secret-a \nignored\n');
    expect(
      parseServers(
        [
          { name: 'lab-a', url: 'http://ufo-a:8000', api_key_file: key, log_file: '/var/log/a.log' },
          { name: 'ufo-b.example:8000', url: 'https://ufo-b.example' },
        ],
        O,
      ),
    ).toEqual([
      { name: 'lab-a', url: 'http://ufo-a:8000', apiKey: 'secret-a', logFile: '/var/log/a.log' },
      { name: 'ufo-b.example:8000', url: 'https://ufo-b.example', apiKey: '' },
    ]);
  });

  it.each([
    ['not a list', { name: 'a' }, `${O}: must be a list of servers (name, url, api_key_file, log_file)`],
    ['an empty list', [], `${O}: lists no server (remove the section, or add name, url, api_key_file entries)`],
    ['an entry without name', [{ url: 'http://a:1' }], `${O}[0]: name is missing`],
    ['a bad name', [{ name: 'a b', url: 'http://a:1' }], `${O}[0] ("a b"): name must be letters, digits, . _ : - (at most 128), starting with a letter or digit`],
    ['a duplicate name', [{ name: 'a', url: 'http://a:1' }, { name: 'a', url: 'http://b:1' }], `${O}[1] ("a"): another server already has this name`],
    ['a bad url (credential redacted)', [{ name: 'a', url: 'ftp://u:pw@a' }], `${O}[0] ("a"): url must be an http:// or https:// URL without query, got "ftp://u:***@a"`],
    ['an unknown field', [{ name: 'a', url: 'http://a:1', api_key: 'x' }], `${O}[0]: unknown field api_key (fields: name, url, api_key_file, log_file)`],
    ['an unreadable key file', [{ name: 'a', url: 'http://a:1', api_key_file: '/nonexistent/k' }], `${O}[0] ("a"): api_key_file /nonexistent/k cannot be read (ENOENT)`],
  ])('rejects %s', (_what, value, message) => {
    expect(thrownMessage(() => parseServers(value, O), ConfigError)).toBe(message);
  });

  it('comes from the config file; --ufo.url keeps serving its server on /metrics next to them', () => {
    const file = join(tmp.path, 'exporter.yml');
    writeFileSync(file, 'servers:\n  - name: lab-a\n    url: http://ufo-a:8000\n');
    const only = loadConfig([`--config.file=${file}`], {});
    const both = loadConfig([`--config.file=${file}`, '--ufo.url=http://ufo-0:8000'], {});
    expect(only.kind === 'run' && only.config.probeOnly).toBe(true);
    expect(both.kind === 'run' && both.config.probeOnly).toBeUndefined();
    expect(both.kind === 'run' && both.config.servers?.map((s) => s.name)).toEqual(['lab-a']);
  });
});

describe('docs/multi-server.md', () => {
  it("has an example exporter config the exporter accepts, naming the issue's two servers", () => {
    const doc = readFileSync(new URL('../../../docs/multi-server.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(ufo:[\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const key = join(tmp.path, 'doc.key');
    writeFileSync(key, 'k\n');
    const file = join(tmp.path, 'doc-example.yml');
    writeFileSync(file, yaml.replaceAll(/\/run\/secrets\/ufo-[ab]/g, key));
    const command = loadConfig([`--config.file=${file}`], {});
    expect(command.kind === 'run' && command.config.servers?.map((s) => [s.name, s.url, s.logFile])).toEqual([
      ['lab-a', 'http://ufo-a:8000', '/var/log/ufo-a/server.log'],
      ['lab-b', 'http://ufo-b:8000', undefined],
    ]);
  });
});
