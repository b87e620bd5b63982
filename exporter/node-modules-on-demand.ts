/**
 * Node's own modules that a plain start does not need, loaded on first use: TLS (`https`, `tls`),
 * `crypto` (password and token checks, long-label digests) and `worker_threads` (the bcrypt worker,
 * the parse worker of large API answers) are only touched with a web config, an https upstream, a
 * label past its bound or a large changed `/api/clients` answer. Each costs start-up
 * time and resident memory when imported at the top (docs/performance.md). `require` of a built-in is
 * synchronous and cached by Node.
 */
import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

export const nodeCrypto = (): typeof import('node:crypto') => nodeRequire('node:crypto') as typeof import('node:crypto');
export const nodeHttps = (): typeof import('node:https') => nodeRequire('node:https') as typeof import('node:https');
export const nodeTls = (): typeof import('node:tls') => nodeRequire('node:tls') as typeof import('node:tls');
export const nodeWorkerThreads = (): typeof import('node:worker_threads') => nodeRequire('node:worker_threads') as typeof import('node:worker_threads');
