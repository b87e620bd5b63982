/**
 * Dashboard uids are the bundle config's `grafana.dashboardUids` (bundle/defaults.ts): stable,
 * because alerts (`dashboard_url` annotations in rules/) and bookmarks link to them.
 */
import { defaultBundleConfig } from '../bundle/defaults';

/** The default uids, in the dashboards' drill-down order. */
export const DASHBOARD_UIDS: readonly string[] = Object.values(defaultBundleConfig.grafana.dashboardUids);

/** The tag every UFO dashboard carries; the dashboards' link menu lists dashboards by it. */
export const DASHBOARD_TAG = 'ufo';

