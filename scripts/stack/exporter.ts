/** Runs the exporter as its own process (`bin/ufo-exporter.js`, the packaged entry point, with EXPORTER_NODE_FLAGS) on loopback. */
import { startListeningBinary, type ListeningBinary } from './listening-binary';
import { exporterNodeArgs } from './spawn-exporter';

export interface LocalExporterOptions {
  readonly ufoUrl: string;
  readonly apiKeyFile: string;
  /** The UFO server log to follow (sessions, requests, log levels); off when omitted. */
  readonly logFile?: string;
  /** Longest poll of the UFO API, e.g. "1s". */
  readonly timeout: string;
  readonly extraArgs?: readonly string[];
  readonly onLine?: (line: string) => void;
}

export function startLocalExporter(opts: LocalExporterOptions): Promise<ListeningBinary> {
  return startListeningBinary({
    name: 'exporter',
    command: process.execPath,
    args: (address) =>
      exporterNodeArgs([
        `--web.listen-address=${address}`,
        `--ufo.url=${opts.ufoUrl}`,
        `--ufo.api-key-file=${opts.apiKeyFile}`,
        `--ufo.timeout=${opts.timeout}`,
        ...(opts.logFile ? [`--ufo.log-file=${opts.logFile}`, '--ufo.log-from-start'] : []),
        '--log.format=logfmt',
        ...(opts.extraArgs ?? []),
      ]),
    readyPath: '/-/healthy',
    readyTimeoutMs: 20_000,
    onLine: opts.onLine,
  });
}
