/** The small landing page at `/`: what this is and where things are. Kept apart so a status page can replace it. */
import { escapeHtml, HTML, send, type Handler } from './routes';
import type { BuildInfo } from '../metrics/build-info';

export function landingPage(opts: { telemetryPath: string; build: BuildInfo }): Handler {
  const path = escapeHtml(opts.telemetryPath);
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>UFO exporter</title></head>
<body>
<h1>UFO exporter</h1>
<p>Prometheus exporter for the UFO agent server, version ${escapeHtml(opts.build.version)} (${escapeHtml(opts.build.revision)}).</p>
<ul>
<li><a href="${path}">Metrics</a></li>
<li><a href="/-/healthy">Health</a></li>
<li><a href="/-/ready">Readiness</a></li>
</ul>
</body>
</html>
`;
  return (_req, res) => send(res, 200, HTML, html);
}
