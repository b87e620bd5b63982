/**
 * Stand-in for an SMTP relay (smtp-server on 127.0.0.1, no TLS). When a password is given it
 * advertises AUTH PLAIN/LOGIN and accepts only that password, so a test proves the client read
 * its `auth_password_file`; without one, authentication is optional.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Deliveries } from './deliveries';
import { parseEmail } from './mime';

export interface RunningSmtp {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:<port>`, as Alertmanager's `smtp_smarthost` wants it. */
  readonly smarthost: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export function startSmtpStandIn(deliveries: Deliveries, password?: string): Promise<RunningSmtp> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: password === undefined,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onAuth(auth, _session, callback) {
      if (password !== undefined && auth.password === password) callback(null, { user: auth.username });
      else callback(new Error(`authentication failed for user "${auth.username}"`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        try {
          const user: unknown = session.user;
          deliveries.record({
            kind: 'email',
            at: Date.now(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            ...(typeof user === 'string' ? { authenticatedAs: user } : {}),
            email: parseEmail(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        } catch (err) {
          callback(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listener = server.listen(0, '127.0.0.1', () => {
      const { port } = listener.address() as AddressInfo;
      resolve({
        host: '127.0.0.1',
        port,
        smarthost: `127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
