/** Starts an in-process exporter on 127.0.0.1:0 for tests, with its log lines captured. */
import { resolveConfig, type ExporterConfig } from '../../exporter/config';
import { startExporter, type RunningExporter } from '../../exporter/exporter';
import { createLogger } from '../../exporter/logging';
import type { RawValue } from '../../exporter/config/sources';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';

export interface TestExporter extends RunningExporter {
  readonly config: ExporterConfig;
  /** Log lines written so far (JSON). */
  readonly logLines: string[];
  scrape(): Promise<ParsedMetrics>;
}

export async function startTestExporter(settings: Record<string, string>): Promise<TestExporter> {
  const raw = new Map<string, RawValue>(Object.entries({ 'web.listen-address': '127.0.0.1:0', ...settings }).map(([k, v]) => [k, { value: v, origin: `test ${k}` }]));
  const config = resolveConfig([raw]);
  const logLines: string[] = [];
  const exporter = await startExporter(config, createLogger({ level: 'debug', write: (l) => logLines.push(l), secrets: [config.apiKey] }));
  return {
    ...exporter,
    config,
    logLines,
    close: () => exporter.close(),
    async scrape() {
      const res = await fetch(exporter.metricsUrl);
      if (res.status !== 200) throw new Error(`scrape answered ${res.status}`);
      return parseMetrics(await res.text());
    },
  };
}
