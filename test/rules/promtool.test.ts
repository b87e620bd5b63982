/** The generated files, checked by the real promtool (2.42 here): syntax, and the unit tests pass. */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/build/run';
import { unitTestCases } from '../../rules/cases/index';
import { defaultRulesConfig } from '../../rules/config';
import { PROMETHEUS_RULE_FILE, RULE_FILE, UNIT_TEST_FILE } from '../../rules/generator';
import { parsePromql } from '../../promql/parse';
import { renderRuleFile, toYaml } from '../../rules/render';
import { buildRules } from '../../rules/rules';
import { renderUnitTests, type UnitTestCase } from '../../rules/unit-tests';
import { promtool, PROMTOOL_TIMEOUT_MS } from '../helpers/promtool';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ufo-rules-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('promtool check rules', () => {
  it('accepts the generated rule file', async () => {
    const r = await promtool(['check', 'rules', join(REPO_ROOT, RULE_FILE)], REPO_ROOT);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('accepts the groups of the PrometheusRule resource', async () => {
    const resource = parse(await readFile(join(REPO_ROOT, PROMETHEUS_RULE_FILE), 'utf8')) as { spec: { groups: unknown } };
    const path = join(dir, 'from-prometheus-rule.yml');
    await writeFile(path, toYaml({ groups: resource.spec.groups }));
    const r = await promtool(['check', 'rules', path], dir);
    expect(r.code, r.output).toBe(0);
  });

  it('rejects a rule file with an invalid expression (the check can fail)', async () => {
    const path = join(dir, 'broken.yml');
    await writeFile(path, toYaml({ groups: [{ name: 'x', rules: [{ record: 'ufo:x:y', expr: 'sum by (job (ufo_up)' }] }] }));
    expect((await promtool(['check', 'rules', path], dir)).code).not.toBe(0);
  });
});

/**
 * Only syntax both Prometheus 2.42 and 3.x accept can pass: every expression is parsed by
 * lezer-promql, whose grammar is Prometheus 3.x's (lint and build fail otherwise), and checked by
 * promtool 2.42 (above). These two cases show each side rejects the other's own syntax.
 */
describe('Prometheus 2.42 and 3.x both accept the rules', () => {
  it('the 3.x grammar rejects a function 3.x removed (holt_winters)', () => {
    expect(() => parsePromql('holt_winters(ufo_up[10m], 0.5, 0.5)')).toThrow(/syntax error/);
    expect(() => parsePromql('rate(ufo_client_connects_total[5m])')).not.toThrow();
  });

  it('promtool 2.42 rejects a function only 3.x has (double_exponential_smoothing)', async () => {
    const path = join(dir, 'three-only.yml');
    await writeFile(path, toYaml({ groups: [{ name: 'x', rules: [{ record: 'ufo:x:y', expr: 'double_exponential_smoothing(ufo_up[10m], 0.5, 0.5)' }] }] }));
    expect((await promtool(['check', 'rules', path], dir)).code).not.toBe(0);
  });
});

describe('promtool test rules', () => {
  it('passes the generated unit tests', async () => {
    const r = await promtool(['test', 'rules', UNIT_TEST_FILE.split('/').pop()!], join(REPO_ROOT, 'rules', 'generated'));
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  }, PROMTOOL_TIMEOUT_MS);

  it('fails when an expected description is wrong, and when an alert expected quiet fires', async () => {
    const groups = buildRules(defaultRulesConfig);
    const serverDown = unitTestCases(defaultRulesConfig).find((c) => c.name.startsWith('UfoServerDown'))!;
    const wrongText: UnitTestCase = {
      ...serverDown,
      alerts: serverDown.alerts!.map((a) => ({ ...a, expect: a.expect.map((e) => ({ ...e, description: `${e.description} (edited)` })) })),
    };
    const neverQuiet: UnitTestCase = { ...serverDown, alerts: serverDown.alerts!.map((a) => ({ ...a, expect: [] })) };
    await writeFile(join(dir, 'rules.yml'), renderRuleFile(groups));
    for (const broken of [wrongText, neverQuiet]) {
      await writeFile(join(dir, 'broken.test.yml'), toYaml(renderUnitTests(groups, [broken], ['rules.yml'], defaultRulesConfig)));
      const r = await promtool(['test', 'rules', 'broken.test.yml'], dir);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toContain('UfoServerDown');
    }
  });
});
