/** The thresholds docs/runbooks.md quotes are rewritten from the rules config (rules/runbook-values.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig, withRulesConfig } from '../../rules/config';
import { fillRunbookValues } from '../../rules/runbook-values';
import { RUNBOOKS_PATH } from '../../rules/runbooks';

describe('runbook values', () => {
  it('writes percentages, numbers and durations from the config after their markers', () => {
    const config = withRulesConfig({ devicesOfflineRatio: 0.25, devicesOfflineFor: '20m', minDevices: 7 });
    expect(fillRunbookValues('More than <!--devicesOfflineRatio-->20% for <!--devicesOfflineFor-->10m, <!--minDevices-->3 devices', config)).toBe(
      'More than <!--devicesOfflineRatio-->25% for <!--devicesOfflineFor-->20m, <!--minDevices-->7 devices',
    );
  });

  it('leaves the committed runbook as it is for the defaults, and marks the thresholds it quotes', () => {
    const text = readFileSync(RUNBOOKS_PATH, 'utf8');
    expect(fillRunbookValues(text, defaultRulesConfig)).toBe(text);
    expect(text).toContain('<!--sessionFailureRatio.warning-->');
  });

  it('names the file, line and marker of a marker that names no setting', () => {
    expect(() => fillRunbookValues('ok\nMore than <!--noSuchSetting-->20%', defaultRulesConfig)).toThrow('docs/runbooks.md:2: <!--noSuchSetting--> names no numeric or duration setting');
  });
});
