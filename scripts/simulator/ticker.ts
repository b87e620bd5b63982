/**
 * The random ticker: every tick makes at most one seeded random change to the simulated fleet
 * (connect, disconnect with 1000/1001/1006, reconnect, rejected duplicate, a session start, a
 * foreign API request) and finishes the sessions it started when they are due. The sequence of
 * changes depends only on the seed and the number of ticks, never on wall time.
 */
import { CHURN_PROFILES, changeFor, type ChurnChange, type ChurnProfile } from './churn';
import { classifyClientId, targetDeviceOf, type Fleet } from './fleet';
import type { Prng } from './prng';

interface PlannedFinish {
  readonly dueTick: number;
  readonly status: 'completed' | 'failed';
  readonly executionSeconds: number;
  readonly traceback: boolean;
}

const CLOSE_CODES = [1000, 1001, 1006] as const;

export class FleetTicker {
  private ticks = 0;
  private readonly planned = new Map<string, PlannedFinish>();
  private readonly platforms = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fleet: Fleet,
    private readonly prng: Prng,
    /** The simulated clients the ticker moves (the fleet the simulator started with), with platforms. */
    roster: readonly { clientId: string; platform: string }[],
    /** Writes an access line for a request from another API user. */
    private readonly logRequest: (method: string, path: string, status: number) => void,
    private readonly churn: ChurnProfile = CHURN_PROFILES.busy,
  ) {
    for (const { clientId, platform } of roster) this.platforms.set(clientId, platform);
  }

  start(tickMs: number): void {
    if (!(tickMs > 0)) throw new Error(`tickMs must be > 0, got ${tickMs}`);
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): void {
    this.ticks++;
    this.finishDueSessions();
    const roll = this.prng.next();
    const roster = [...this.platforms.keys()];
    const online = roster.filter((id) => this.fleet.isConnected(id));
    const offline = roster.filter((id) => !this.fleet.isConnected(id));
    const possible = (c: ChurnChange): boolean => (c === 'reconnect' ? offline.length > 0 : c === 'disconnect' || c === 'rejectDuplicate' ? online.length > 0 : true);
    const change = changeFor(this.churn, roll, possible);
    if (change === 'startSession') this.startSession(online);
    else if (change === 'disconnect') this.fleet.disconnect(this.prng.pick(online), this.prng.pick(CLOSE_CODES));
    else if (change === 'reconnect') this.reconnect(this.prng.pick(offline));
    else if (change === 'rejectDuplicate') this.fleet.reject(this.prng.pick(online));
    else if (change === 'foreignRequest') this.foreignRequest();
  }

  private finishDueSessions(): void {
    for (const [sessionId, plan] of this.planned) {
      if (!this.fleet.isRunning(sessionId)) this.planned.delete(sessionId); // cancelled by a disconnect
      else if (plan.dueTick <= this.ticks) {
        this.planned.delete(sessionId);
        this.fleet.finishSession(sessionId, plan.status, plan.executionSeconds, { traceback: plan.traceback });
      }
    }
  }

  private startSession(online: readonly string[]): void {
    const idle = online.filter((id) => this.fleet.sessionsOf(id).length === 0);
    if (idle.length === 0) return;
    const clientId = this.prng.pick(idle);
    // A constellation reruns its task under the same session id, as the real one does (`demo@OK` again).
    const sessionId = this.fleet.startSession(clientId, classifyClientId(clientId) === 'constellation' ? { sessionId: clientId } : {});
    const failed = this.prng.chance(this.churn.sessionFailure);
    this.planned.set(sessionId, {
      dueTick: this.ticks + this.prng.int(1, 6),
      status: failed ? 'failed' : 'completed',
      executionSeconds: Math.round(this.prng.next() * 600_00) / 100,
      traceback: failed && this.prng.chance(0.5),
    });
  }

  /** A constellation whose device is offline is refused, as the real server refuses it. */
  private reconnect(clientId: string): void {
    const type = classifyClientId(clientId);
    if (this.fleet.rejectionFor(clientId, type, targetDeviceOf(clientId))) this.fleet.reject(clientId);
    else this.fleet.connect(clientId, { type, platform: this.platforms.get(clientId) ?? 'windows' });
  }

  /** Someone else using the server's API (the uvicorn access log sees every caller). */
  private foreignRequest(): void {
    const [method, path, status] = this.prng.pick([
      ['GET', '/api/health', 200],
      ['GET', '/api/clients', 200],
      ['POST', '/api/dispatch', 200],
      ['POST', '/api/dispatch', 404],
      ['GET', `/api/task_result/task_${this.prng.int(1, 9999)}`, 200],
      ['GET', '/api/clients', 401],
    ] as const);
    this.logRequest(method, path, status);
  }
}
