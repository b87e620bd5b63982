/**
 * Merges the UFO fragment (alertmanager/generated/ufo-route.yml) into an existing Alertmanager
 * config, the way docs/drop-in.md describes by hand: the UFO route goes FIRST under the existing
 * root route (so a catch-all route of the existing config cannot take UFO alerts), receivers,
 * inhibit rules, templates and time intervals are appended. Nothing of the existing config changes.
 *
 *   npx tsx scripts/merge-alertmanager.ts existing.yml alertmanager/generated/ufo-route.yml > merged.yml
 */
/** An Alertmanager config as read from YAML: only the keys the merge touches are typed. */
export interface LooseConfig {
  route?: { routes?: unknown[]; [key: string]: unknown };
  receivers?: { name: string; [key: string]: unknown }[];
  inhibit_rules?: unknown[];
  templates?: string[];
  time_intervals?: { name: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

function names(list: readonly { name: string }[] | undefined): string[] {
  return (list ?? []).map((r) => r.name);
}

function assertNoClash(what: string, existing: readonly string[], added: readonly string[]): void {
  const clash = added.filter((n) => existing.includes(n));
  if (clash.length > 0) throw new Error(`the UFO fragment's ${what} ${clash.join(', ')} already exist in your config; set alerting.receiverPrefix in the bundle config to another prefix`);
}

export function mergeUfoFragment(existing: LooseConfig, fragment: LooseConfig): LooseConfig {
  if (!existing.route) throw new Error('your config has no top-level route to merge the UFO route under');
  if (!fragment.route) throw new Error('the UFO fragment has no route (is it alertmanager/generated/ufo-route.yml?)');
  assertNoClash('receivers', names(existing.receivers), names(fragment.receivers));
  assertNoClash('time intervals', names(existing.time_intervals), names(fragment.time_intervals));
  const timeIntervals = [...(existing.time_intervals ?? []), ...(fragment.time_intervals ?? [])];
  return {
    ...existing,
    route: { ...existing.route, routes: [fragment.route, ...(existing.route.routes ?? [])] },
    receivers: [...(existing.receivers ?? []), ...(fragment.receivers ?? [])],
    inhibit_rules: [...(existing.inhibit_rules ?? []), ...(fragment.inhibit_rules ?? [])],
    templates: [...(existing.templates ?? []), ...(fragment.templates ?? [])],
    ...(timeIntervals.length > 0 ? { time_intervals: timeIntervals } : {}),
  };
}
