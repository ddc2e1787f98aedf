import { formatInteger, formatNumber } from '../../core/format/index.js';
import type { Locale } from '../../core/i18n/index.js';
import { t as translate } from '../../core/i18n/index.js';
import { renderSvgChart, shortUnitName, svgDataUrl } from '../dossiers/stats-charts.js';
import type { InspectionGroupBy, StatsRow } from './statistics.js';
import './stats-messages.js';

/**
 * Charts of the inspection statistics, rendered on the server by ECharts as SVG (the dossiers module's
 * `renderSvgChart`: a <title> and a <desc>, embedded by the page as an <img> with the same text as alt; no browser
 * JavaScript). A chart never carries a number alone: the page's table below it holds every figure.
 */

export { svgDataUrl };

export interface Chart {
  title: string;
  description: string;
  svg: string;
  width: number;
  height: number;
}

/** GOV.UK palette; the series also differ by order, and the legend names them. */
const COLOURS = ['#1d70b8', '#505a5f', '#d4351c', '#f47738'];
const MONEY_COLOURS = ['#d4351c', '#00703c'];
const FONT = { fontFamily: 'system-ui, Segoe UI, Roboto, Arial, sans-serif', fontSize: 13, color: '#0b0c0c' };

function categoryLabels(rows: readonly StatsRow[], groupBy: InspectionGroupBy, locale: Locale): string[] {
  if (groupBy === 'month') return rows.map((r) => (locale === 'vi' ? `T${Number(r.key.slice(5, 7))}` : String(Number(r.key.slice(5, 7)))));
  if (groupBy === 'org_unit') return rows.map((r) => shortUnitName(r.label));
  return rows.map((r) => r.label);
}

function groupWord(groupBy: InspectionGroupBy, locale: Locale): string {
  return translate(locale, `inspectionStats.by.${groupBy}`).toLocaleLowerCase(locale);
}

/** Inspections, subjects inspected, violations and penalty decisions per group (grouped columns). */
export async function countsChart(rows: readonly StatsRow[], groupBy: InspectionGroupBy, period: string, locale: Locale): Promise<Chart> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const title = t('inspectionStats.chart.counts', { group: groupWord(groupBy, locale), period });
  const description = t('inspectionStats.chart.countsDesc');
  const labels = categoryLabels(rows, groupBy, locale);
  const width = 880;
  const height = groupBy === 'org_unit' ? Math.max(260, 130 + 44 * rows.length) : 400;
  const horizontal = groupBy === 'org_unit';
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: { ...FONT, formatter: (v: number) => formatInteger(v, locale) } };
  const categoryAxis = {
    type: 'category',
    data: horizontal ? [...labels].reverse() : labels,
    axisLabel: { ...FONT, interval: 0, width: horizontal ? 300 : 120, overflow: horizontal ? 'truncate' : 'break' },
  };
  const series = (
    [
      ['inspectionStats.col.inspections', 'inspections'],
      ['inspectionStats.col.subjects', 'subjectsInspected'],
      ['inspectionStats.col.violations', 'subjectsWithViolations'],
      ['inspectionStats.col.decisions', 'penaltyDecisions'],
    ] as const
  ).map(([label, k]) => {
    const data = rows.map((r) => r[k]);
    return { type: 'bar', name: t(label), data: horizontal ? data.reverse() : data };
  });
  const svg = await renderSvgChart(
    {
      color: COLOURS,
      legend: { top: 0, itemGap: 32, textStyle: FONT },
      grid: { left: 8, right: 24, top: 84, bottom: 24, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    },
    { width, height, title, description, id: 'chart-inspection-counts' },
  );
  return { title, description, svg, width, height };
}

/** Fines imposed and collected per group, in million đồng (grouped columns). */
export async function moneyChart(rows: readonly StatsRow[], groupBy: InspectionGroupBy, period: string, locale: Locale): Promise<Chart> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const title = t('inspectionStats.chart.money', { group: groupWord(groupBy, locale), period });
  const description = t('inspectionStats.chart.moneyDesc');
  const labels = categoryLabels(rows, groupBy, locale);
  const horizontal = groupBy === 'org_unit';
  const width = 880;
  const height = horizontal ? Math.max(200, 80 + 34 * rows.length) : 320;
  const million = (v: number) => Math.round(v / 100_000) / 10;
  // Ticks below one million come as 0,5 or 0,25: keep their decimals (at most two) instead of rounding them to 0 and 1.
  const tick = (v: number) => formatNumber(v, Math.min(2, (String(v).split('.')[1] ?? '').length), locale);
  const valueAxis = { type: 'value', axisLabel: { ...FONT, formatter: tick } };
  const categoryAxis = {
    type: 'category',
    data: horizontal ? [...labels].reverse() : labels,
    axisLabel: { ...FONT, interval: 0, width: horizontal ? 300 : 120, overflow: horizontal ? 'truncate' : 'break' },
  };
  const series = (
    [
      ['inspectionStats.col.fines', 'finesImposedVnd'],
      ['inspectionStats.col.collected', 'finesCollectedVnd'],
    ] as const
  ).map(([label, k]) => {
    const data = rows.map((r) => million(r[k]));
    return { type: 'bar', name: t(label), data: horizontal ? data.reverse() : data };
  });
  const svg = await renderSvgChart(
    {
      color: MONEY_COLOURS,
      legend: { top: 0, itemGap: 32, textStyle: FONT },
      grid: { left: 8, right: 24, top: 44, bottom: 24, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    },
    { width, height, title, description, id: 'chart-inspection-money' },
  );
  return { title, description, svg, width, height };
}
