/**
 * exporter-toolkit web-config parity: mutual TLS (client_ca_file + client_auth_type), response
 * headers (http_server_config.headers), and the web config re-read without a restart — a broken
 * file keeps the last good one in force, with a counted error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/stack/wait';
import { generateCa, generateClientCert, generateSelfSignedCert, type TestCertificate } from '../helpers/cert';
import { startTestExporter, type TestExporter } from '../helpers/exporter';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { useTempDir } from '../helpers/temp-dir';
import { API_KEY, startTestSimulator, type TestSimulator } from '../helpers/simulator';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly serverCert: string;
}

/** GET over TLS trusting `serverCa`, optionally with a client certificate; rejects when the connection is refused. */
async function get(url: string, serverCa: string, client?: TestCertificate, authorization?: string): Promise<Reply> {
  const [cert, key] = client ? await Promise.all([readFile(client.certFile), readFile(client.keyFile)]) : [undefined, undefined];
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: serverCa, ...(cert && key && { cert, key }), agent: false, headers: authorization ? { authorization } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, serverCert: (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256 }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
  });
}

describe('web config: mutual TLS, headers and reload', () => {
  const tmp = useTempDir('ufo-hostile-mtls-');
  let sim: TestSimulator;
  let exporter: TestExporter;
  let server: TestCertificate;
  let ca: TestCertificate;
  let signed: TestCertificate;
  let rogue: TestCertificate;
  let webYml: string;
  const tlsPart = (): string =>
    `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n  client_auth_type: RequireAndVerifyClientCert\n  min_version: TLS12\n` +
    `  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]\n  curve_preferences: [CurveP256, X25519]\n` +
    `http_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n`;

  beforeAll(async () => {
    const dir = tmp.path;
    [server, ca] = await Promise.all([generateSelfSignedCert(dir), generateCa(dir, 'ca')]);
    const rogueCa = await generateCa(dir, 'rogue-ca');
    [signed, rogue] = await Promise.all([generateClientCert(dir, ca, 'prometheus'), generateClientCert(dir, rogueCa, 'mallory')]);
    webYml = path.join(dir, 'web.yml');
    await writeFile(webYml, tlsPart());
    sim = await startTestSimulator({ logFile: undefined, devices: 3 });
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'web.config.file': webYml });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.stop();
  });

  it('accepts a client certificate signed by client_ca_file and refuses one that is not, or none', async () => {
    const ok = await get(`${exporter.url}/-/healthy`, server.certPem, signed);
    expect(ok.status).toBe(200);
    await expect(get(`${exporter.url}/-/healthy`, server.certPem, rogue)).rejects.toThrow();
    await expect(get(`${exporter.url}/-/healthy`, server.certPem)).rejects.toThrow();
  });

  it('adds the http_server_config headers to every response', async () => {
    const reply = await get(`${exporter.url}/metrics`, server.certPem, signed);
    expect(reply.headers['x-frame-options']).toBe('deny');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('re-reads a changed web config without a restart, and keeps the last good one when the new one is broken', async () => {
    const hash = bcrypt.hashSync('s3cret', 4);
    await writeFile(webYml, `${tlsPart()}basic_auth_users:\n  prometheus: '${hash}'\n`);
    // Picked up by the file watch (no signal, no restart): the same request is now refused.
    await waitFor(async () => ((await get(`${exporter.url}/metrics`, server.certPem, signed)).status === 401 ? true : undefined), {
      what: 'the new web config (basic auth) to take effect',
      timeoutMs: 30_000,
    });
    const auth = 'Basic ' + Buffer.from('prometheus:s3cret').toString('base64');
    expect((await get(`${exporter.url}/metrics`, server.certPem, signed, auth)).status).toBe(200);

    await writeFile(webYml, `${tlsPart()}basic_auth_users:\n  prometheus: not-a-bcrypt-hash\n`);
    expect(await exporter.reloadWebConfig()).toBe(false);
    // The last good config is still in force.
    expect((await get(`${exporter.url}/metrics`, server.certPem, signed)).status).toBe(401);
    const metrics = parseMetrics((await get(`${exporter.url}/metrics`, server.certPem, signed, auth)).body);
    expect(metrics.value('ufo_exporter_errors_total', { source: 'config', kind: 'web_config_reload' })).toBeGreaterThanOrEqual(1);
    expect(exporter.logLines.some((l) => l.includes('not reloaded') && l.includes('basic_auth_users.prometheus'))).toBe(true);
  });

  it('serves a renewed certificate to new connections after a reload', async () => {
    const before = (await get(`${exporter.url}/-/healthy`, server.certPem, signed)).serverCert;
    const renewed = await generateSelfSignedCert(tmp.path);
    expect(await exporter.reloadWebConfig()).toBe(false); // web.yml is still the broken one
    await writeFile(webYml, tlsPart());
    expect(await exporter.reloadWebConfig()).toBe(true);
    const after = await get(`${exporter.url}/-/healthy`, renewed.certPem, signed);
    expect(after.status).toBe(200);
    expect(after.serverCert).not.toBe(before);
  });
});
