/** The generated reference pages in docs/: metrics from the catalogue, configuration from the options table. */
import type { Generator } from './generated';
import { renderMetricsDoc } from '../../exporter/metrics-doc';
import { renderConfigurationDoc } from '../../exporter/config/doc';

export const metricsDocGenerator: Generator = {
  name: 'metrics reference',
  sources: 'exporter/catalogue.ts',
  ownedDirs: [],
  generate: () => [{ path: 'docs/metrics.md', content: renderMetricsDoc() }],
};

export const configurationDocGenerator: Generator = {
  name: 'configuration reference',
  sources: 'exporter/config/options.ts',
  ownedDirs: [],
  generate: () => [{ path: 'docs/configuration.md', content: renderConfigurationDoc() }],
};
