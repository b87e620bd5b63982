/**
 * vitest globalSetup: the tests that spawn `bin/ufo-exporter.js` run the compiled exporter (dist/),
 * so it is rebuilt first whenever a source is newer than the last build (a stale build would test
 * old code).
 */
import { buildExporter, exporterBuildIsStale } from '../../scripts/build-exporter';

export default async function setup(): Promise<void> {
  if (exporterBuildIsStale()) await buildExporter();
}
