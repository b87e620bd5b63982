/**
 * Dashboard uids: stable, because alerts (`dashboard_url` annotations in rules/) and bookmarks link
 * to them. Changing one breaks those links.
 */
export const DASHBOARD_UIDS = ['ufo-overview', 'ufo-sessions', 'ufo-clients', 'ufo-api', 'ufo-slo', 'ufo-exporter'] as const;
export type DashboardUid = (typeof DASHBOARD_UIDS)[number];

/** The tag every UFO dashboard carries; the dashboards' link menu lists dashboards by it. */
export const DASHBOARD_TAG = 'ufo';

/** The path of a dashboard on a Grafana server, e.g. `/d/ufo-overview` (prefix the Grafana base URL). */
export function dashboardPath(uid: DashboardUid): string {
  return `/d/${uid}`;
}
