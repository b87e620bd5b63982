/** Every promtool unit-test case, rendered to rules/generated/ufo-rules.test.yml. */

import type { UnitTestCase } from '../unit-tests';
import { apiCases } from './api';
import { availabilityCases } from './availability';
import { errorsCases } from './errors';
import { fleetCases } from './fleet';
import { outageCases } from './outage';
import { sessionsCases } from './sessions';
import { sloCases } from './slo';

export const unitTestCases: readonly UnitTestCase[] = [...availabilityCases, ...fleetCases, ...sessionsCases, ...errorsCases, ...apiCases, ...sloCases, ...outageCases];
