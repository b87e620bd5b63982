/**
 * Panel factories on top of the foundation SDK. Every panel gets what the style rules require by
 * construction: an explicit id, a title, a description, a unit, the `${datasource}` variable on the
 * panel and on every target, and a grid size. Dashboards only say what to show.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  TableSortByFieldStateBuilder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
  BarGaugeDisplayMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
} from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugePanelBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as HeatmapPanelBuilder, YAxisConfigBuilder } from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { histogramQuantile, type HistogramName } from './promql';

/** Every panel, target and variable query uses the dashboard's `datasource` variable. */
export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel. */
export interface Target {
  readonly expr: string;
  /** Legend template, e.g. `{{status}}`; Grafana's automatic legend when omitted. */
  readonly legend?: string;
}

/** The percentiles latency and duration panels show. */
const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** p50, p95 and p99 of a histogram, one target each, per `labels` (legend `p95 {{endpoint}}`). */
export function percentileTargets(histogram: HistogramName, labels: readonly string[] = []): Target[] {
  return PERCENTILES.map((q) => ({
    expr: histogramQuantile(q, histogram, labels),
    legend: [`p${Math.round(q * 100)}`, ...labels.map((l) => `{{${l}}}`)].join(' '),
  }));
}

/** What every panel declares. */
export interface PanelSpec {
  /** Explicit and unique within its dashboard: links and alert annotations refer to it. */
  readonly id: number;
  readonly title: string;
  /** Shown on hover: what the panel shows and how to read it. */
  readonly description: string;
  /** A Grafana unit id (grafana/units.ts). */
  readonly unit: string;
  /** Grid columns out of 24. */
  readonly width: number;
  readonly height?: number;
  readonly targets: readonly Target[];
  /** Colour steps, ascending; the first applies from minus infinity. */
  readonly thresholds?: readonly (readonly [number | null, string])[];
  /** Shown instead of "No data" where an empty result has a meaning (no errors yet, say). */
  readonly noValue?: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

const DEFAULT_HEIGHT = 8;
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The builder methods every SDK panel builder has; structural, so one helper serves them all. */
interface CommonPanelBuilder<Self> extends cog.Builder<dashboard.Panel> {
  id(id: number): Self;
  title(title: string): Self;
  description(description: string): Self;
  unit(unit: string): Self;
  datasource(datasource: common.DataSourceRef): Self;
  withTarget(target: cog.Builder<cog.Dataquery>): Self;
  height(h: number): Self;
  span(w: number): Self;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): Self;
  noValue(noValue: string): Self;
  min(min: number): Self;
  max(max: number): Self;
  decimals(decimals: number): Self;
}

type QueryKind = 'range' | 'instant';

function prometheusQuery(target: Target, index: number, kind: QueryKind, format: PromQueryFormat): DataqueryBuilder {
  const refId = REF_IDS[index];
  if (refId === undefined) throw new Error(`a panel has ${index + 1} targets; at most ${REF_IDS.length} are supported`);
  const query = new DataqueryBuilder()
    .refId(refId)
    .datasource(DATASOURCE)
    .expr(target.expr)
    .legendFormat(target.legend ?? '__auto')
    .format(format);
  return kind === 'instant' ? query.instant() : query.range();
}

function withCommon<B extends CommonPanelBuilder<B>>(
  builder: B,
  spec: PanelSpec,
  kind: QueryKind,
  format: PromQueryFormat = PromQueryFormat.TimeSeries,
): B {
  if (spec.targets.length === 0) throw new Error(`panel ${spec.id} "${spec.title}" has no targets`);
  let b = builder
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .span(spec.width)
    .height(spec.height ?? DEFAULT_HEIGHT);
  spec.targets.forEach((t, i) => {
    b = b.withTarget(prometheusQuery(t, i, kind, format));
  });
  if (spec.thresholds)
    b = b.thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps(spec.thresholds.map(([value, color]) => ({ value, color }))),
    );
  if (spec.noValue !== undefined) b = b.noValue(spec.noValue);
  if (spec.min !== undefined) b = b.min(spec.min);
  if (spec.max !== undefined) b = b.max(spec.max);
  if (spec.decimals !== undefined) b = b.decimals(spec.decimals);
  return b;
}

function legend(placement: LegendPlacement = LegendPlacement.Bottom): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(placement).calcs([]);
}

export interface TimeSeriesOptions {
  /** Stack the series (parts of one whole, e.g. devices by status). */
  readonly stacked?: boolean;
  /** Draw the thresholds as dashed lines (objectives, burn-rate alert factors). */
  readonly thresholdLines?: boolean;
}

/** A graph over time. */
export function timeSeries(spec: PanelSpec, options: TimeSeriesOptions = {}): TimeSeriesPanelBuilder {
  let panel = withCommon(new TimeSeriesPanelBuilder(), spec, 'range')
    .legend(legend())
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .fillOpacity(options.stacked ? 30 : 10)
    .lineWidth(1);
  if (options.stacked) panel = panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (options.thresholdLines)
    panel = panel.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  return panel;
}

export interface StatOptions {
  /** Value → text and colour, e.g. 1 → UP (green). */
  readonly mappings?: readonly dashboard.ValueMapping[];
  /** What each stat shows: the value (default), series names beside values, or the names only (info metrics). */
  readonly text?: 'value' | 'valueAndName' | 'name';
}

const STAT_TEXT_MODES = {
  value: BigValueTextMode.Auto,
  valueAndName: BigValueTextMode.ValueAndName,
  name: BigValueTextMode.Name,
} as const;

/** A single current value (or one per series), with a sparkline. */
export function stat(spec: PanelSpec, options: StatOptions = {}): StatPanelBuilder {
  let panel = withCommon(new StatPanelBuilder(), spec, 'range')
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    // A sparkline of an info metric (always 1) says nothing.
    .graphMode(options.text === 'name' ? BigValueGraphMode.None : BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .textMode(STAT_TEXT_MODES[options.text ?? 'value'])
    .orientation(VizOrientation.Auto);
  if (options.mappings) panel = panel.mappings([...options.mappings]);
  return panel;
}

/** Current values per series as table rows (instant queries, table format). */
export function table(spec: PanelSpec, options: { readonly sortBy?: string } = {}): TablePanelBuilder {
  let panel = withCommon(new TablePanelBuilder(), spec, 'instant', PromQueryFormat.Table)
    // An instant query's Time column is the same on every row: hide it.
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } });
  if (options.sortBy) panel = panel.sortBy([new TableSortByFieldStateBuilder().displayName(options.sortBy).desc(true)]);
  return panel;
}

/** A histogram's buckets over time (Prometheus heatmap format, buckets already computed). */
export function heatmap(spec: PanelSpec): HeatmapPanelBuilder {
  return withCommon(new HeatmapPanelBuilder(), spec, 'range', PromQueryFormat.Heatmap)
    .calculate(false)
    .yAxis(new YAxisConfigBuilder().unit(spec.unit))
    .showLegend();
}

/** Current values as horizontal bars (compare a handful of series against thresholds). */
export function barGauge(spec: PanelSpec): BarGaugePanelBuilder {
  return withCommon(new BarGaugePanelBuilder(), spec, 'instant')
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .showUnfilled(true);
}

/** Value mappings for a 0/1 gauge: 1 → `up` text in green, 0 → `down` text in red. */
export function upDownMappings(up: string, down: string): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: {
        '1': { text: up, color: 'green', index: 0 },
        '0': { text: down, color: 'red', index: 1 },
      },
    },
  ];
}
