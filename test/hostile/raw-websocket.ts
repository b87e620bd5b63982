/**
 * A WebSocket client that never reads: a raw TCP socket that writes the handshake and masked text
 * frames and is paused from the start, the way a stuck or hostile pusher behaves.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** One masked text frame (client frames must be masked, RFC 6455 §5.3). */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > 0xffff) throw new Error('frame helper handles payloads up to 64 KiB');
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

export interface DeafClient {
  readonly socket: net.Socket;
  /** Writes `count` copies of a text frame, in large writes. */
  send(text: string, count: number): Promise<void>;
  destroy(): void;
}

export async function connectDeafClient(port: number, pathAndQuery: string): Promise<DeafClient> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  // Never read: replies stay in the kernel buffers, then in the server's.
  socket.pause();
  socket.write(
    `GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  return {
    socket,
    async send(text, count) {
      const frame = maskedTextFrame(text);
      const perWrite = Math.max(1, Math.floor(65_536 / frame.length));
      for (let sent = 0; sent < count && !socket.destroyed; sent += perWrite) {
        const n = Math.min(perWrite, count - sent);
        const chunk = Buffer.concat(Array.from({ length: n }, () => frame));
        if (!socket.write(chunk)) await new Promise<void>((resolve) => socket.once('drain', resolve).once('close', resolve));
      }
    },
    destroy: () => socket.destroy(),
  };
}
