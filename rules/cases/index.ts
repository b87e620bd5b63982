/** Every promtool unit-test case, rendered to rules/generated/ufo-rules.test.yml. */

import type { RulesConfig } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { apiCases } from './api';
import { availabilityCases } from './availability';
import { errorsCases } from './errors';
import { fleetCases } from './fleet';
import { outageCases } from './outage';
import { sessionsCases } from './sessions';
import { sloCases } from './slo';

/** Every case, for a rules config: the text of the cases that take it (sessions so far) quotes the config's thresholds. */
export function unitTestCases(config: RulesConfig): readonly UnitTestCase[] {
  return [...availabilityCases, ...fleetCases, ...sessionsCases(config), ...errorsCases, ...apiCases, ...sloCases, ...outageCases];
}
