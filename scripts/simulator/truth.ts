/** Records what the simulated server really did, for tests that compare the exporter against it. */
import type { GroundTruth } from './contract';

export type ClientKind = 'device' | 'constellation';
export type FinishStatus = 'completed' | 'failed' | 'cancelled';

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class TruthRecorder {
  private readonly connects = { device: 0, constellation: 0 };
  private readonly disconnects: Record<ClientKind, Record<string, number>> = { device: {}, constellation: {} };
  private readonly rejected: Record<string, number> = {};
  private sessionsStarted = 0;
  private readonly finished: Record<FinishStatus, Record<string, number>> = { completed: {}, failed: {}, cancelled: {} };
  private readonly http: Record<string, number> = {};
  private readonly httpOverSockets: Record<string, number> = {};
  private readonly ws = { accepted: 0, forbidden: 0 };
  private taskResultCalls = 0;
  private readonly logRecords: Record<string, number> = {};

  connected(type: ClientKind): void {
    this.connects[type]++;
  }
  disconnected(type: ClientKind, code: number): void {
    bump(this.disconnects[type], String(code));
  }
  registrationRejected(reason: string): void {
    bump(this.rejected, reason);
  }
  sessionStarted(): void {
    this.sessionsStarted++;
  }
  sessionFinished(status: FinishStatus, reason: string): void {
    bump(this.finished[status], reason);
  }
  httpRequest(method: string, route: string, code: number, overSocket = false): void {
    bump(this.http, `${method} ${route} ${code}`);
    if (overSocket) bump(this.httpOverSockets, `${method} ${route} ${code}`);
  }
  wsHandshake(outcome: 'accepted' | 'forbidden'): void {
    this.ws[outcome]++;
  }
  taskResultCalled(): void {
    this.taskResultCalls++;
  }
  logRecord(level: string): void {
    bump(this.logRecords, level.toLowerCase());
  }

  /** A deep copy: later changes do not show through. */
  snapshot(): GroundTruth {
    return structuredClone({
      connects: this.connects,
      disconnects: this.disconnects,
      registrationsRejected: this.rejected,
      sessionsStarted: this.sessionsStarted,
      sessionsFinished: this.finished,
      httpRequests: this.http,
      httpRequestsOverSockets: this.httpOverSockets,
      wsHandshakes: this.ws,
      taskResultCalls: this.taskResultCalls,
      logRecords: this.logRecords,
    });
  }
}
