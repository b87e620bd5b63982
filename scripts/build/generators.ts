/** Every area that `npm run build:rules` generates. Add one entry per area. */
import type { Generator } from './generated';
import { bundleGenerator } from '../../bundle/generator';
import { configurationDocGenerator, metricsDocGenerator } from './docs-generator';
import { alertmanagerGenerator } from '../../alertmanager/generator';
import { deployGenerator } from '../stack/deploy-generator';
import { k8sGenerator } from '../stack/k8s-generator';
import { rulesGenerator } from '../../rules/generator';
import { grafanaGenerator } from '../../grafana/generator';

export const generators: readonly Generator[] = [bundleGenerator, metricsDocGenerator, configurationDocGenerator, alertmanagerGenerator, deployGenerator, k8sGenerator, rulesGenerator, grafanaGenerator];
