/** A self-signed certificate for 127.0.0.1/localhost, generated with openssl into a temp dir. */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TestCertificate {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
}

export async function generateSelfSignedCert(): Promise<TestCertificate> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ufo-tls-'));
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  // EC keys generate in milliseconds (RSA takes up to a second on this machine).
  await promisify(execFile)(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', keyFile, '-out', certFile],
    { timeout: 10_000 },
  );
  return { dir, certFile, keyFile, certPem: await readFile(certFile, 'utf8') };
}
