import { describe, expect, it } from 'vitest';
import { findDrift, renderAll } from '../../../scripts/build/run';
import type { Generator } from '../../../scripts/build/generated';

describe('npm run build:rules', () => {
  it('committed generated files match what their sources generate', async () => {
    expect(await findDrift()).toEqual([]);
  }, 60_000);

  it('reports a changed source as drift', async () => {
    const edited: Generator = {
      name: 'edited',
      sources: 'test',
      ownedDirs: [],
      generate: () => [{ path: 'docs/metrics.md', content: 'not what is committed\n' }],
    };
    expect(await findDrift([edited])).toEqual([{ path: 'docs/metrics.md', problem: 'different' }]);
  });

  it('refuses two generators writing the same file', async () => {
    const g: Generator = { name: 'a', sources: 'x', ownedDirs: [], generate: () => [{ path: 'x.md', content: '' }] };
    await expect(renderAll([g, { ...g, name: 'b' }])).rejects.toThrow(/x\.md/);
  });
});
