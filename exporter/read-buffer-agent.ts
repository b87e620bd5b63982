/**
 * An http.Agent whose sockets read into one buffer each, reused for every read, instead of a new
 * 64 KB buffer per read (Node's default).
 *
 * Why: a rich `/api/clients` answer for 100,000 clients is ~13 MB, received at every scrape. With
 * Node's default every read allocates a fresh ArrayBuffer, and V8 counts that memory as external:
 * 13 MB of it per poll made V8 start a full mark-compact of the exporter's ~80 MB heap every few
 * polls ("external memory pressure" in `--trace-gc`), each pausing the event loop for tens to
 * hundreds of ms (bench/NOTES.md). With `onread` the socket reads into its own buffer and no
 * external memory is allocated per read.
 *
 * `onread` turns off the socket's 'data' events, which the HTTP client parses from; the callback
 * emits them itself with a view of the buffer. The view is valid until the socket's next read: the
 * HTTP parser consumes it at once, and body bytes go to the response stream, which hands them to
 * its 'data' listener before that read (in the same callback, or at the latest in the nextTick
 * queue that runs when the callback returns). So a response must be consumed by a 'data' listener
 * that copies the bytes, as http-get.ts does, never paused and read later.
 */
import { Agent, type AgentOptions } from 'node:http';
import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Node's own default read size for stream sockets. */
const READ_BUFFER_BYTES = 64 * 1024;

/** Called with the socket as `this` (net.Socket's onread contract). */
function emitRead(this: Socket, bytesRead: number, buffer: Uint8Array): boolean {
  this.emit('data', Buffer.from(buffer.buffer, buffer.byteOffset, bytesRead));
  return true;
}

export class ReadBufferAgent extends Agent {
  constructor(opts: AgentOptions = {}) {
    // As Node's global agent (keep-alive, idle sockets closed after 5 s).
    super({ keepAlive: true, scheduling: 'lifo', timeout: 5000, ...opts });
  }

  /** The agent uses the socket returned (its callback argument is only for sockets created asynchronously). */
  override createConnection(options: NetConnectOpts): Duplex {
    return createConnection({ ...options, onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: emitRead } });
  }
}
