/** The receiver stand-ins behave like the services they stand in for, and their record waits correctly. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../../scripts/receivers/mime';
import { Deliveries, isSlack, startReceivers, type Receivers } from '../../../scripts/receivers/index';

let receivers: Receivers;
beforeAll(async () => {
  receivers = await startReceivers({ smtpPassword: 'right-password' });
});
afterAll(async () => {
  await receivers?.close();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });

/** Speaks just enough SMTP to try one AUTH PLAIN; resolves with the server's reply code to it. */
function smtpAuthReply(smarthost: string, user: string, password: string): Promise<string> {
  const [host, port] = smarthost.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host ?? '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('SMTP exchange timed out'));
    }, 5_000);
    let buffer = '';
    let step = 0;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      // A complete reply ends with a line "NNN text" (no dash after the code).
      if (!/(^|\n)\d{3} [^\n]*\r\n$/.test(buffer)) return;
      const reply = buffer;
      buffer = '';
      if (step === 0) socket.write('EHLO test\r\n');
      else if (step === 1) socket.write(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}\r\n`);
      else {
        clearTimeout(timer);
        socket.end('QUIT\r\n');
        resolve(reply.slice(0, 3));
      }
      step++;
    });
    socket.on('error', reject);
  });
}

describe('receiver stand-ins', () => {
  it('PagerDuty: rejects an invalid event like the Events API v2, accepts a valid one', async () => {
    const bad = await post(receivers.pagerdutyUrl, { routing_key: 'short', event_action: 'trigger' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      status: 'invalid event',
      errors: ['routing_key must be a 32 character integration key', 'payload is required for trigger'],
    });
    const event = { routing_key: 'a'.repeat(32), event_action: 'trigger', dedup_key: 'k1', payload: { summary: 's', source: 'src', severity: 'critical' } };
    const ok = await post(receivers.pagerdutyUrl, event);
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'k1' });
    expect(receivers.deliveries.of('pagerduty').map((d) => d.event.dedup_key)).toEqual(['k1']);
  });

  it('Slack: answers no_text to an empty message and records a real one with its webhook path', async () => {
    const empty = await post(`${receivers.slackUrl}/services/x`, { channel: '#c' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toBe('no_text');
    const ok = await post(`${receivers.slackUrl}/services/team-a`, { channel: '#c', text: 'hello' });
    expect(await ok.text()).toBe('ok');
    const got = await receivers.deliveries.waitFor((d) => isSlack(d) && d.message.text === 'hello', 1_000);
    expect(got).toMatchObject({ kind: 'slack', path: '/services/team-a', message: { channel: '#c' } });
  });

  it('webhook: records the payload and Authorization header, rejects a non-webhook body', async () => {
    expect((await post(`${receivers.webhookUrl}/ping`, { hello: 1 })).status).toBe(400);
    const payload = { version: '4', status: 'firing', receiver: 'r', alerts: [{ labels: { alertname: 'UfoWatchdog' } }] };
    expect((await post(`${receivers.webhookUrl}/ping`, payload, { authorization: 'Bearer t' })).status).toBe(200);
    expect(receivers.deliveries.of('webhook')).toMatchObject([{ path: '/ping', authorization: 'Bearer t' }]);
  });

  it('SMTP: accepts only the configured password', async () => {
    expect(await smtpAuthReply(receivers.smtpSmarthost, 'am', 'wrong')).toBe('535');
    expect(await smtpAuthReply(receivers.smtpSmarthost, 'am', 'right-password')).toBe('235');
  });

  it('prints where it listens and what it got', () => {
    expect(receivers.describe()).toContain(`pagerduty events   ${receivers.pagerdutyUrl}`);
    expect(receivers.deliveries.describe()).toMatch(/slack #c/);
  });
});

describe('Deliveries record', () => {
  it('waitFor times out with what was received, and waitForCount waits for repeats', async () => {
    const d = new Deliveries();
    d.record({ kind: 'slack', at: 0, path: '/p', message: { channel: '#x', text: 't' } });
    await expect(d.waitFor((x) => x.kind === 'email', 50)).rejects.toThrow(/no matching delivery within 50 ms; received:\n.*slack #x/);
    setTimeout(() => d.record({ kind: 'slack', at: 1, path: '/p', message: { channel: '#x', text: 't' } }), 20);
    expect(await d.waitForCount(isSlack, 2, 1_000)).toHaveLength(2);
    await expect(d.waitForCount(isSlack, 3, 50)).rejects.toThrow(/only 2 of 3/);
  });
});

describe('MIME reader', () => {
  it('reads headers, encoded subjects and quoted-printable multipart bodies as Alertmanager sends them', () => {
    const raw = [
      'Subject: =?UTF-8?q?[FIRING:1]_Ufo=E2=9C=93?=',
      'Content-Type: multipart/alternative;  boundary=b1',
      'MIME-Version: 1.0',
      '',
      '--b1',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'a long line that was wrapped =',
      'here, and a=3Db',
      '--b1',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Type: text/html; charset=UTF-8',
      '',
      '<a href=3D"x">y</a>',
      '--b1--',
      '',
    ].join('\r\n');
    const mail = parseEmail(raw);
    expect(mail.subject).toBe('[FIRING:1] Ufo✓');
    expect(mail.text).toBe('a long line that was wrapped here, and a=b');
    expect(mail.html).toBe('<a href="x">y</a>');
    expect(() => parseEmail('Content-Type: multipart/mixed\r\n\r\nbody')).toThrow(/email: multipart Content-Type without a boundary/);
  });
});
