/**
 * Counting through nested cells (series-cells.ts) exports the same series, with the same values in the
 * same order, as counting through `LabelledCounter.inc` with the label set: for any sequence of counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelledCounter } from '../../../exporter/state/series';
import { CellsBy1, CellsBy2, CellsBy3, RepeatedCellsBy1 } from '../../../exporter/state/series-cells';

const value = fc.constantFrom('GET', 'POST', '/ws', 'other', '', 'a\u0001b', 'a', 'b\u0001');
const code = fc.constantFrom(200, 404, 101, 0, -0, Number.NaN, 1e21);

describe('series cells', () => {
  it('count three-label series as inc does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, code), { maxLength: 60 }), (counts) => {
        const viaInc = new LabelledCounter(['method', 'route', 'code'] as const);
        const viaCells = new LabelledCounter(['method', 'route', 'code'] as const);
        const cells = new CellsBy3(viaCells, (method: string, route: string, c: number) => ({ method, route, code: String(c) }));
        for (const [m, r, c] of counts) {
          viaInc.inc({ method: m, route: r, code: String(c) });
          cells.get(m, r, c).value++;
        }
        expect(viaCells.entries()).toEqual(viaInc.entries());
      }),
    );
  });

  it('count two-label series as inc does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 60 }), (counts) => {
        const viaInc = new LabelledCounter(['status', 'reason'] as const);
        const viaCells = new LabelledCounter(['status', 'reason'] as const);
        const cells = new CellsBy2(viaCells, (status: string, reason: string) => ({ status, reason }));
        for (const [s, r] of counts) {
          viaInc.inc({ status: s, reason: r });
          cells.get(s, r).value++;
        }
        expect(viaCells.entries()).toEqual(viaInc.entries());
      }),
    );
  });

  for (const [name, Cells] of [
    ['CellsBy1', CellsBy1],
    ['RepeatedCellsBy1', RepeatedCellsBy1],
  ] as const)
    it(`count one-label series as inc does (${name}; runs of one value, equal strings made apart)`, () => {
      // Values come in runs, and half of them as strings equal to a literal but made at run time.
      const run = fc.tuple(value, fc.integer({ min: 1, max: 4 }), fc.boolean());
      fc.assert(
        fc.property(fc.array(run, { maxLength: 30 }), (runs) => {
          const viaInc = new LabelledCounter(['level'] as const);
          const viaCells = new LabelledCounter(['level'] as const);
          const cells = new Cells(viaCells, (level: string) => ({ level }));
          for (const [l, times, apart] of runs)
            for (let i = 0; i < times; i++) {
              const v = apart ? [...l].join('') : l;
              viaInc.inc({ level: v });
              cells.get(v).value++;
            }
          expect(viaCells.entries()).toEqual(viaInc.entries());
        }),
      );
    });
});
