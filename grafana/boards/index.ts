/** Every UFO dashboard, in the order an operator drills down. */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { BundleConfig } from '../../bundle/config';
import { defaultBundleConfig } from '../../bundle/defaults';
import { apiDashboard } from './api';
import { clientsDashboard } from './clients';
import { exporterDashboard } from './exporter';
import { overviewDashboard } from './overview';
import { sessionsDashboard } from './sessions';
import { sloDashboard } from './slo';

export function allDashboards(config: BundleConfig = defaultBundleConfig): dashboard.Dashboard[] {
  return [overviewDashboard, sessionsDashboard, clientsDashboard, apiDashboard, sloDashboard, exporterDashboard].map((build) => build(config));
}
