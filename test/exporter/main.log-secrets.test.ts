import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../exporter/logging';
import { logSecrets } from '../../exporter/main';

describe("the CLI logger's masking list", () => {
  let dir: string;
  let webConfigFile: string;
  const hash = bcrypt.hashSync('correct horse', 4);
  const bearer = 'bearer-7f3c9a1e-never-logged';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ufo-log-secrets-'));
    await writeFile(join(dir, 'token.txt'), `${bearer}\n`);
    webConfigFile = join(dir, 'web.yml');
    await writeFile(webConfigFile, `basic_auth_users:\n  alice: '${hash}'\nbearer_token_file: token.txt\n`);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('holds the API key, the event token, and the web config bearer token and password hashes', async () => {
    const secrets = await logSecrets({ apiKey: 'api-key-1', eventsToken: 'events-token-1', webConfigFile });
    expect(secrets).toEqual(expect.arrayContaining(['api-key-1', 'events-token-1', bearer, hash]));

    const lines: string[] = [];
    const logger = createLogger({ secrets, write: (l) => lines.push(l) });
    logger.warn(`upstream echoed ${bearer} and ${hash}`, { detail: `Bearer ${bearer}` });
    expect(lines.join('\n')).not.toContain(bearer);
    expect(lines.join('\n')).not.toContain(hash);
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('without a web config (or with one that cannot be read) holds the API key and event token only', async () => {
    expect(await logSecrets({ apiKey: 'k', eventsToken: undefined, webConfigFile: undefined })).toEqual(['k', '']);
    expect(await logSecrets({ apiKey: 'k', eventsToken: 't', webConfigFile: join(dir, 'missing.yml') })).toEqual(['k', 't']);
  });
});
