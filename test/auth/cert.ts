/** A self-signed certificate for 127.0.0.1/localhost, generated with openssl into the caller's dir. */

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
}

/** Writes server.crt and server.key into `dir` (which the caller removes). */
export async function generateSelfSignedCert(dir: string): Promise<TestCertificate> {
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
  return { certFile, keyFile, certPem: await readFile(certFile, 'utf8') };
}
