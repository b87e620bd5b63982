/**
 * How much the random ticker changes the fleet: per tick, the chance of each kind of change, and the
 * share of sessions that fail. `busy` is the original ticker (tests rely on its seeded sequences and
 * on every kind of change happening within a few dozen ticks); `healthy` is a fleet an on-call team
 * would call normal — steady sessions, a failure now and then, rare disconnects — so the generated
 * alerts stay quiet on it (`npm run stack`'s default; the soak test holds it to 0 pages).
 */
export interface ChurnProfile {
  /** Chances per tick (they must add up to at most 1; the rest of the ticks change nothing). */
  readonly startSession: number;
  readonly disconnect: number;
  readonly reconnect: number;
  readonly rejectDuplicate: number;
  readonly foreignRequest: number;
  /** Share of the started sessions that fail. */
  readonly sessionFailure: number;
  /**
   * A roll in the band of a change that is impossible now (a reconnect with nobody offline) falls
   * through to the next band — how the original ticker behaved (`busy`: mostly duplicate
   * registrations) — instead of changing nothing.
   */
  readonly fallThrough: boolean;
}

export const CHURN_PROFILES = {
  busy: { startSession: 0.3, disconnect: 0.12, reconnect: 0.18, rejectDuplicate: 0.04, foreignRequest: 0.08, sessionFailure: 0.25, fallThrough: true },
  healthy: { startSession: 0.4, disconnect: 0.002, reconnect: 0.3, rejectDuplicate: 0.0005, foreignRequest: 0.2, sessionFailure: 0.03, fallThrough: false },
} as const satisfies Record<string, ChurnProfile>;
export type ChurnProfileName = keyof typeof CHURN_PROFILES;

export type ChurnChange = 'startSession' | 'disconnect' | 'reconnect' | 'rejectDuplicate' | 'foreignRequest';
const CHANGES: readonly ChurnChange[] = ['startSession', 'disconnect', 'reconnect', 'rejectDuplicate', 'foreignRequest'];

/**
 * The change a roll in [0, 1) selects among those `possible` now, or undefined for a quiet tick (see
 * `fallThrough`); bounds are rounded so `busy` keeps its exact thresholds and seeded sequences.
 */
export function changeFor(profile: ChurnProfile, roll: number, possible: (change: ChurnChange) => boolean): ChurnChange | undefined {
  let bound = 0;
  for (const change of CHANGES) {
    bound = Math.round((bound + profile[change]) * 1e9) / 1e9;
    if (roll >= bound) continue;
    if (possible(change)) return change;
    if (!profile.fallThrough) return undefined;
  }
  return undefined;
}

export function churnProfile(name: string): ChurnProfile {
  if (!(name in CHURN_PROFILES)) throw new Error(`simulator option churn: expected one of ${Object.keys(CHURN_PROFILES).join(', ')}, got ${JSON.stringify(name)}`);
  return CHURN_PROFILES[name as ChurnProfileName];
}
