/** `npm run build:rules` for bundle/: the config's JSON schema and its reference page. */
import type { Generator } from '../scripts/build/generated';
import { renderBundleConfigDoc } from './docs';
import { generateBundleSchema, SCHEMA_FILE } from './schema';

export const BUNDLE_CONFIG_DOC = 'docs/bundle-config.md';

export const bundleGenerator: Generator = {
  name: 'bundle config',
  sources: 'bundle/config.ts, bundle/defaults.ts',
  ownedDirs: ['bundle/generated'],
  async generate(config) {
    const schema = await generateBundleSchema();
    return [
      { path: SCHEMA_FILE, content: `${JSON.stringify(schema, null, 2)}\n` },
      { path: BUNDLE_CONFIG_DOC, content: renderBundleConfigDoc(schema, config) },
    ];
  },
};
