import { PERIOD_PARAMS, type Period, type PeriodField, type PeriodQuery, ROMAN } from '../core/period.js';
import type { T } from '../core/i18n/index.js';
import { vnIsoDate } from '../core/calendar/time.js';
import { DateInput } from './date-input.js';
import { localeOf } from './messages.js';
import { Select } from './select.js';

export interface PeriodFieldsProps {
  /** What was typed in the fields (`PERIOD_PARAMS` names them; `periodFromQuery` in core/period reads them). */
  values: PeriodQuery;
  /** The period the page shows, when the input was valid. */
  period?: Period;
  /** First and last year with records (null: none); the year list spans them, the year shown and this year. */
  years: { first: number; last: number } | null;
  /** The error text of a field, if any. */
  error: (field: PeriodField) => string | undefined;
  /** This year in Vietnam; defaults to today's. */
  thisYear?: number;
  t: T;
}

/**
 * The period fields of a statistics filter (inside a `TableFilter`): year, quarter, month (`nam`, `quy`, `thang`)
 * or a range of days (`tu`, `den`), named by `PERIOD_PARAMS`. The year select shows the period's year, or stays empty ("—") while a range of
 * days is chosen; quarters are Roman numerals in Vietnamese ("Quý II").
 */
export function PeriodFields(props: PeriodFieldsProps) {
  const { values: raw, t } = props;
  const blank = (v: string | undefined) => v === undefined || v.trim() === '';
  const now = props.thisYear ?? Number(vnIsoDate(new Date()).slice(0, 4));
  const shownYear = props.period?.year ?? (Number(raw.year) || now);
  const first = Math.min(props.years?.first ?? now, shownYear, now);
  const last = Math.max(props.years?.last ?? now, shownYear, now);
  const yearOptions = Array.from({ length: last - first + 1 }, (_, i) => String(last - i)).map((y) => ({ value: y, label: y }));
  const custom = props.period?.kind === 'custom' || !blank(raw.from) || !blank(raw.to);
  const vi = localeOf(t) === 'vi';
  return (
    <>
      <Select
        name={PERIOD_PARAMS.year}
        label={t('ui.period.year')}
        options={yearOptions}
        value={custom ? (raw.year ?? '') : String(shownYear)}
        emptyOption={custom ? '—' : undefined}
        error={props.error('year')}
        t={t}
      />
      <Select
        name={PERIOD_PARAMS.quarter}
        label={t('ui.period.quarter')}
        options={[1, 2, 3, 4].map((q) => ({ value: String(q), label: t('ui.period.quarterN', { q: vi ? ROMAN[q - 1]! : q }) }))}
        value={raw.quarter ?? ''}
        emptyOption={t('ui.period.wholeYear')}
        error={props.error('quarter')}
        t={t}
      />
      <Select
        name={PERIOD_PARAMS.month}
        label={t('ui.period.month')}
        options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t('ui.period.monthN', { m: i + 1 }) }))}
        value={raw.month ?? ''}
        emptyOption={t('ui.period.anyMonth')}
        error={props.error('month')}
        t={t}
      />
      <DateInput name={PERIOD_PARAMS.from} label={t('ui.period.from')} value={raw.from ?? ''} error={props.error('from')} t={t} />
      <DateInput name={PERIOD_PARAMS.to} label={t('ui.period.to')} value={raw.to ?? ''} error={props.error('to')} t={t} />
    </>
  );
}
