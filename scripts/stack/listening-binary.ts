/**
 * Starts a server binary on a free loopback port and waits until its readiness URL answers 200.
 * Retries on another port when the chosen one was taken in between (see ports.ts), and on failure
 * reports the binary's own output.
 */
import { startProcess, type ManagedProcess } from './process';
import { freeLoopbackPort } from './ports';
import { waitForHttpOk } from './wait';

export interface ListeningBinarySpec {
  readonly name: string;
  readonly command: string;
  /** Arguments for a given listen address ("127.0.0.1:PORT"). */
  readonly args: (listenAddress: string) => readonly string[];
  /** Readiness path, e.g. "/-/ready". */
  readonly readyPath: string;
  readonly readyTimeoutMs: number;
  readonly onLine?: (line: string) => void;
}

export interface ListeningBinary {
  readonly process: ManagedProcess;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** 127.0.0.1:PORT */
  readonly address: string;
}

const ATTEMPTS = 3;

export async function startListeningBinary(spec: ListeningBinarySpec): Promise<ListeningBinary> {
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const address = `127.0.0.1:${await freeLoopbackPort()}`;
    const proc = startProcess({ name: spec.name, command: spec.command, args: spec.args(address), onLine: spec.onLine });
    const url = `http://${address}`;
    try {
      // Stop waiting as soon as the binary exits (a bad config): its output says why.
      const exitedEarly = (): string | undefined => {
        const status = proc.exitStatus();
        return status === undefined ? undefined : `${spec.name} ${status} before it was ready`;
      };
      await waitForHttpOk(`${url}${spec.readyPath}`, `${spec.name} ready`, spec.readyTimeoutMs, exitedEarly);
      return { process: proc, url, address };
    } catch (err) {
      await proc.stop(2_000);
      const logs = proc.logs();
      lastError = new Error(
        `${spec.name} did not become ready on ${address} (${proc.exitStatus() ?? 'still running'}): ` +
          `${err instanceof Error ? err.message : String(err)}\n--- ${spec.name} output ---\n${logs}`,
      );
      if (!/address already in use/i.test(logs)) break;
    }
  }
  throw lastError ?? new Error(`${spec.name}: not started`);
}
