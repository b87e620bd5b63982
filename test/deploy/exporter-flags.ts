/** Flags given to the exporter in deployment files must be flags the exporter has (exporter/config/options.ts). */
import { OPTION_BY_NAME } from '../../exporter/config/options';

/** The `--name[=value]` arguments whose name the exporter does not know. */
export function unknownExporterFlags(args: readonly string[]): string[] {
  return args.filter((a) => a.startsWith('--')).filter((a) => !OPTION_BY_NAME.has(a.slice(2).split('=')[0]!));
}
