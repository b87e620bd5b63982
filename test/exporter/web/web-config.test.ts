import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { loadWebConfig, parseWebConfig, readBearerToken, WebConfigError } from '../../../exporter/web/web-config';
import { resolveWebSecurity } from '../../../exporter/web/access-guard';
import { useTempDir } from '../../helpers/temp-dir';
import { thrownMessage } from '../../helpers/thrown';
import { generateSelfSignedCert } from '../../helpers/cert';

const HASH = bcrypt.hashSync('s3cret', 4);

function parse(text: string) {
  return parseWebConfig(text, 'web.yml', '/etc/ufo');
}

function errorOf(text: string): string {
  return thrownMessage(() => parse(text), WebConfigError);
}

describe('web config parsing', () => {
  it('accepts an empty file as "no TLS, no auth"', () => {
    const config = parse('');
    expect(config.tls).toBeUndefined();
    expect(config.basicAuthUsers.size).toBe(0);
    expect(config.bearerTokenFile).toBeUndefined();
  });

  it('reads exporter-toolkit fields and resolves relative paths against the file directory', () => {
    const config = parse(
      `tls_server_config:\n  cert_file: tls/server.crt\n  key_file: /abs/server.key\nbasic_auth_users:\n  alice: '${HASH}'\nbearer_token_file: token\n`,
    );
    // The toolkit's defaults: no client certificate, TLS 1.2 to 1.3, the server's cipher order.
    expect(config.tls).toEqual({
      certFile: '/etc/ufo/tls/server.crt',
      keyFile: '/abs/server.key',
      clientAuthType: 'NoClientCert',
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      honorCipherOrder: true,
    });
    expect(config.basicAuthUsers.get('alice')).toBe(HASH);
    expect(config.bearerTokenFile).toBe('/etc/ufo/token');
  });

  it('accepts $2a$, $2b$ and $2y$ hashes', () => {
    const rest = HASH.slice(4);
    const config = parse(`basic_auth_users:\n  a: '$2a$${rest}'\n  b: '$2b$${rest}'\n  y: '$2y$${rest}'\n`);
    expect(config.basicAuthUsers.size).toBe(3);
  });

  it('names an unknown field', () => {
    expect(errorOf('tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca: c\n')).toMatch(/web\.yml: tls_server_config\.client_ca: is not a known field/);
    expect(errorOf('basic_auth:\n  a: b\n')).toMatch(/basic_auth: is not a known field/);
  });

  it('translates the toolkit TLS fields, and refuses what the toolkit refuses', () => {
    const config = parse(
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca.crt\n  client_auth_type: VerifyClientCertIfGiven\n' +
        '  min_version: TLS13\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n  prefer_server_cipher_suites: false\n  curve_preferences: [CurveP384]\n' +
        'http_server_config:\n  headers:\n    Strict-Transport-Security: max-age=31536000\n    X-XSS-Protection: ""\n',
    );
    expect(config.tls).toMatchObject({ clientCaFile: '/etc/ufo/ca.crt', clientAuthType: 'VerifyClientCertIfGiven', minVersion: 'TLSv1.3', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', honorCipherOrder: false, ecdhCurve: 'P-384' });
    expect(config.headers).toEqual({ 'Strict-Transport-Security': 'max-age=31536000' });
    expect(errorOf('tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n')).toMatch(/client_ca_file is required/);
    expect(errorOf('tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n')).toMatch(/client_auth_type: must be one of NoClientCert,/);
    expect(errorOf('tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n')).toMatch(/min_version TLS13 is above max_version TLS12/);
    expect(errorOf('http_server_config:\n  headers:\n    X-Powered-By: me\n')).toMatch(/http_server_config\.headers\.X-Powered-By: is not a known field/);
  });

  it('names a missing key_file', () => {
    expect(errorOf('tls_server_config:\n  cert_file: a\n')).toMatch(/tls_server_config\.key_file: is required/);
  });

  it('names the user whose password is not a bcrypt hash, without echoing the value', () => {
    const message = errorOf('basic_auth_users:\n  bob: plaintext-password\n');
    expect(message).toMatch(/basic_auth_users\.bob: must be a bcrypt hash/);
    expect(message).not.toContain('plaintext-password');
  });

  it('rejects a user name with a colon (it cannot be sent in basic auth)', () => {
    expect(errorOf(`basic_auth_users:\n  'a:b': '${HASH}'\n`)).toMatch(/basic_auth_users\.a:b: is not a valid user name/);
  });

  it('names a wrong type', () => {
    expect(errorOf('bearer_token_file: 42\n')).toMatch(/bearer_token_file: must be string/);
    expect(errorOf('- a\n- b\n')).toMatch(/\(top level\): must be object,null/);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(errorOf('basic_auth_users:\n  a: [\n')).toMatch(/web\.yml line \d+: not valid YAML/);
  });
});

describe('web config files', () => {
  const tmp = useTempDir('ufo-webcfg-');

  it('names a missing config file', async () => {
    await expect(loadWebConfig('/nonexistent/web.yml')).rejects.toThrow(/cannot read web config \/nonexistent\/web\.yml: ENOENT/);
  });

  it('reads a bearer token, trimming the newline, and refuses empty or multi-word files', async () => {
    const dir = tmp.path;
    await writeFile(path.join(dir, 'ok'), 'tok-123\n');
    await writeFile(path.join(dir, 'empty'), '\n');
    await writeFile(path.join(dir, 'two'), 'tok one\n');
    expect(await readBearerToken(path.join(dir, 'ok'))).toBe('tok-123');
    await expect(readBearerToken(path.join(dir, 'empty'))).rejects.toThrow(/bearer_token_file: .*empty is empty/);
    const err = await readBearerToken(path.join(dir, 'two')).catch((e: Error) => e);
    expect(String(err)).toMatch(/single token/);
    expect(String(err)).not.toContain('tok one');
    await expect(readBearerToken(path.join(dir, 'missing'))).rejects.toThrow(/bearer_token_file: cannot read .*missing: ENOENT/);
  });

  it('resolves a full config: authenticator on, TLS loaded, token registered as a secret', async () => {
    const cert = await generateSelfSignedCert(tmp.path);
    await writeFile(path.join(tmp.path, 'token'), 'tok-abc\n');
    const file = path.join(tmp.path, 'web.yml');
    await writeFile(file, `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbearer_token_file: token\n`);
    const security = await resolveWebSecurity(file);
    expect(security.authenticator.enabled).toBe(true);
    expect(security.tls?.cert.toString()).toBe(cert.certPem);
    expect(security.secrets).toEqual(['tok-abc']);
    expect(await security.authenticator.check('Bearer tok-abc')).toEqual({ ok: true });
  });

  it('without a file everything is open', async () => {
    const security = await resolveWebSecurity(undefined);
    expect(security.authenticator.enabled).toBe(false);
    expect(security.tls).toBeUndefined();
    expect(await security.authenticator.check(undefined)).toEqual({ ok: true });
  });
});
