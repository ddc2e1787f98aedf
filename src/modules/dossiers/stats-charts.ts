import type { EChartsCoreOption } from 'echarts';
import { formatInteger, formatPercent } from '../../core/format/index.js';
import type { Locale } from '../../core/i18n/index.js';
import { t as translate } from '../../core/i18n/index.js';
import type { Bieu06Row } from './statistics.js';
import './stats-messages.js';

/**
 * Charts of the dossier statistics, rendered on the server by ECharts (SVG, no browser JavaScript). A chart is never
 * the only carrier of a number: the page shows each chart's data in a table next to it. The SVG gets a <title> and
 * a <desc>; the page embeds it as an <img> (data: URL, allowed by the CSP's img-src) with the same text as `alt`, so
 * the SVG's own inline styles never meet the page's style-src policy.
 */

export interface Chart {
  /** short title (the figure's heading and the SVG <title>) */
  title: string;
  /** what the chart shows, in words (the SVG <desc> and part of the image's alt text) */
  description: string;
  svg: string;
  width: number;
  height: number;
}

/** GOV.UK palette: the series also differ by shape (bars, line) and order, and the legend names them. */
const COLOURS = { blue: '#1d70b8', green: '#00703c', lightGreen: '#85994b', red: '#d4351c', grey: '#505a5f' };
/** Font names without quotes: the SVG must stay well-formed XML inside style="…" attributes (it is an <img>). */
const FONT = { fontFamily: 'system-ui, Segoe UI, Roboto, Arial, sans-serif', fontSize: 13, color: '#0b0c0c' };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

let echartsModule: Promise<typeof import('echarts')> | undefined;
/** the full ECharts build in one ES module file (a package export); typed through `import('echarts')` */
const ECHARTS_BUNDLE: string = 'echarts/dist/echarts.esm.min.mjs';

/** Renders an ECharts option to an SVG string with a <title> and <desc> (role="img", aria-labelledby both). */
export async function renderSvgChart(
  option: EChartsCoreOption,
  opts: { width: number; height: number; title: string; description: string; id: string },
): Promise<string> {
  // loaded on first use, from the one-file ESM build (≈ 0,1 s, against ≈ 1 s for the many-module package entry):
  // only the statistics pages need ECharts, so the server's start does not pay for it
  echartsModule ??= import(ECHARTS_BUNDLE) as Promise<typeof import('echarts')>;
  const echarts = await echartsModule;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width, height: opts.height });
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option });
    const svg = chart.renderToSVGString();
    const head = `<title id="${opts.id}-title">${escapeXml(opts.title)}</title><desc id="${opts.id}-desc">${escapeXml(opts.description)}</desc>`;
    return svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${opts.id}-title ${opts.id}-desc" `).replace(/(<svg[^>]*>)/, `$1${head}`);
  } finally {
    chart.dispose();
  }
}

/** The SVG as a data: URL for an <img src>. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng" → "Sở TN&MT tỉnh Sóc Trăng", as Vietnamese writes it in tight space. */
export function shortUnitName(name: string): string {
  return name.replace(/Tài nguyên và Môi trường/g, 'TN&MT').replace(/Nông nghiệp và Môi trường/g, 'NN&MT');
}

const axisInteger = (locale: Locale) => ({ formatter: (v: number) => formatInteger(v, locale) });

/** Monthly trend of a year: new dossiers and dossiers done (bars), late ones (line). */
export async function monthlyChart(rows: readonly Bieu06Row[], year: number, locale: Locale): Promise<Chart> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const title = t('dossierStats.chart.monthly', { year });
  const description = t('dossierStats.chart.monthlyDesc');
  const width = 880;
  const height = 360;
  const months = rows.map((r) => (locale === 'vi' ? `T${Number(r.key.slice(5, 7))}` : String(Number(r.key.slice(5, 7)))));
  const svg = await renderSvgChart(
    {
      color: [COLOURS.blue, COLOURS.green, COLOURS.red],
      legend: { top: 0, textStyle: FONT },
      grid: { left: 64, right: 64, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: months, axisLabel: FONT },
      // late dossiers are a few per cent of the others: their own scale on the right, named and in their colour
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { ...FONT, ...axisInteger(locale) } },
        {
          type: 'value',
          minInterval: 1,
          name: t('dossierStats.series.late'),
          nameTextStyle: { ...FONT, color: COLOURS.red },
          splitLine: { show: false },
          axisLine: { show: true, lineStyle: { color: COLOURS.red } },
          axisLabel: { ...FONT, color: COLOURS.red, ...axisInteger(locale) },
        },
      ],
      series: [
        { type: 'bar', name: t('dossierStats.series.newReceived'), data: rows.map((r) => r.receivedOnline + r.receivedDirect) },
        { type: 'bar', name: t('dossierStats.series.done'), data: rows.map((r) => r.doneTotal) },
        {
          type: 'line',
          yAxisIndex: 1,
          name: t('dossierStats.series.late'),
          data: rows.map((r) => r.doneLate),
          symbol: 'diamond',
          symbolSize: 9,
          lineStyle: { width: 3 },
        },
      ],
    },
    { width, height, title, description, id: 'chart-monthly' },
  );
  return { title, description, svg, width, height };
}

/** Dossiers done by org unit: early or on time, late (stacked horizontal bars), the on-time rate at the end. */
export async function unitsChart(rows: readonly Bieu06Row[], period: string, locale: Locale): Promise<Chart> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const title = t('dossierStats.chart.units', { period });
  const description = t('dossierStats.chart.unitsDesc');
  const shown = [...rows].reverse();
  const width = 880;
  const height = Math.max(160, 70 + 30 * shown.length);
  const svg = await renderSvgChart(
    {
      color: [COLOURS.green, COLOURS.red],
      legend: { top: 0, textStyle: FONT },
      grid: { left: 8, right: 140, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { ...FONT, ...axisInteger(locale) } },
      yAxis: { type: 'category', data: shown.map((r) => shortUnitName(r.label)), axisLabel: { ...FONT, width: 300, overflow: 'truncate' } },
      series: [
        { type: 'bar', stack: 'done', name: t('dossierStats.series.earlyOrOnTime'), data: shown.map((r) => r.earlyOrOnTime) },
        {
          type: 'bar',
          stack: 'done',
          name: t('dossierStats.series.late'),
          data: shown.map((r) => r.doneLate),
          label: {
            show: true,
            position: 'right',
            ...FONT,
            formatter: (p: { dataIndex: number }) => {
              const r = shown[p.dataIndex]!;
              return `${formatInteger(r.doneTotal, locale)} · ${formatPercent(r.onTimeRate, 1, locale)}`;
            },
          },
        },
      ],
    },
    { width, height, title, description, id: 'chart-units' },
  );
  return { title, description, svg, width, height };
}

/** Dossiers done by field: early, on time, late (stacked columns). */
export async function fieldsChart(rows: readonly Bieu06Row[], period: string, locale: Locale): Promise<Chart> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const title = t('dossierStats.chart.fields', { period });
  const description = t('dossierStats.chart.fieldsDesc');
  const width = 880;
  const height = 340;
  const svg = await renderSvgChart(
    {
      color: [COLOURS.green, COLOURS.lightGreen, COLOURS.red],
      legend: { top: 0, textStyle: FONT },
      grid: { left: 64, right: 24, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { ...FONT, interval: 0, width: 110, overflow: 'break' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { ...FONT, ...axisInteger(locale) } },
      series: [
        { type: 'bar', stack: 'done', name: t('dossierStats.col.early'), data: rows.map((r) => r.doneEarly) },
        { type: 'bar', stack: 'done', name: t('dossierStats.col.onTime'), data: rows.map((r) => r.doneOnTime) },
        { type: 'bar', stack: 'done', name: t('dossierStats.col.late'), data: rows.map((r) => r.doneLate) },
      ],
    },
    { width, height, title, description, id: 'chart-fields' },
  );
  return { title, description, svg, width, height };
}
