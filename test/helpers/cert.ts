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

const run = (args: string[]): Promise<unknown> => promisify(execFile)('openssl', args, { timeout: 10_000 });
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A certificate authority (`<name>.crt`, `<name>.key`) for client certificates. */
export async function generateCa(dir: string, name: string): Promise<TestCertificate> {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  await run(['req', '-x509', ...EC_KEY, '-days', '1', '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', certFile]);
  return { certFile, keyFile, certPem: await readFile(certFile, 'utf8') };
}

/** A client certificate `<name>.crt`/`<name>.key` signed by `ca`. */
export async function generateClientCert(dir: string, ca: TestCertificate, name: string): Promise<TestCertificate> {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  await run(['req', '-new', ...EC_KEY, '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', csr]);
  await run(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '1', '-out', certFile]);
  return { certFile, keyFile, certPem: await readFile(certFile, 'utf8') };
}
