/**
 * The thresholds docs/runbooks.md quotes, kept equal to the config. A value in the runbook is
 * preceded by an HTML comment naming its setting (invisible when rendered):
 *   More than <!--devicesOfflineRatio-->20% of the devices …   <!--sessionFailureRatio.critical-->50%
 * `npm run build:rules` rewrites every such value from the rules config (a ratio written with `%` as
 * a percentage, a duration as written), so the committed runbook follows a one-line default change
 * (the drift check flags it until rebuilt) and `--config` builds write a runbook with the user's values.
 */
import { num, percent } from './builder';
import type { RulesConfig } from './config';

/** `<!--path.to.setting-->` followed by the value it stands before: `20%`, `3`, `1.5`, `10m`. */
const MARKED_VALUE = /<!--\s*([\w.]+)\s*-->(\d+(?:\.\d+)?%|\d+[smhdw]\b|\d+(?:\.\d+)?)/g;

function lookup(config: RulesConfig, path: string): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The markdown with every marked value replaced by the config's; throws naming the line of a marker that names no number or duration. */
export function fillRunbookValues(markdown: string, config: RulesConfig, file = 'docs/runbooks.md'): string {
  return markdown
    .split('\n')
    .map((line, i) =>
      line.replace(MARKED_VALUE, (_whole, path: string, written: string) => {
        const value = lookup(config, path);
        const where = `${file}:${i + 1}: <!--${path}-->`;
        if (typeof value === 'number') return `<!--${path}-->${written.endsWith('%') ? percent(value) : num(value)}`;
        if (typeof value === 'string' && /^\d+[smhdw]$/.test(value)) return `<!--${path}-->${value}`;
        throw new Error(`${where} names no numeric or duration setting of the rules config`);
      }),
    )
    .join('\n');
}
