/**
 * The worker thread that parses a changed `/api/clients` answer (parse-worker.ts starts it): decode,
 * JSON.parse, validate and map, then answer the list as columns (client-columns.ts). The main
 * thread's event loop keeps serving scrapes and health checks meanwhile, and the parse's garbage (a
 * 100,000-client answer is ~13 MB of text and ~100 MB of short-lived objects) stays in this thread's
 * heap. Each answer is sent after this thread's background compiles are done, so the main thread can
 * stop the worker as soon as it answers (worker-settle.ts).
 */
import * as v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { makeCompileSettler } from '../../worker-settle';
import { transferList, toColumns } from './client-columns';
import { decodeAnswer, type ParseReply, type ParseRequest } from './parse-answer';
import { ProbeFailure } from './probe';
import { parseClients } from './responses';

const port = parentPort;
if (!port) throw new Error('clients-parse-worker.ts runs as a worker thread');
const settleCompiles = makeCompileSettler(v8);
port.on('message', (request: ParseRequest) => {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  let reply: ParseReply;
  try {
    reply = { id: request.id, ok: true, columns: toColumns(decodeAnswer(bytes, new URL(request.url), parseClients)) };
  } catch (err) {
    // A bad answer is answered; anything else is a bug, thrown: the main thread sees the worker fail.
    if (!(err instanceof ProbeFailure)) throw err;
    reply = { id: request.id, ok: false, kind: err.kind, message: err.message };
  }
  settleCompiles();
  port.postMessage(reply, reply.ok ? transferList(reply.columns) : []);
});
