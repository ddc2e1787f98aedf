import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { ValidationError, type FieldError } from '../errors.js';
import { normaliseDateInput } from '../validation.js';
import { formatDate, weekdayName } from '../format/index.js';
import { type AppContext, type AppModule, actorOf } from '../http.js';
import { addMessages } from '../i18n/index.js';
import { addNavItems, sendPage, tOf } from '../render.js';
import { Button, CsrfField, DateInput, ErrorSummary, Radios, Table, Tag, TextInput } from '../../ui/index.js';
import { registerCalendarCli } from './cli.js';
import {
  addWorkingDays,
  addWorkingHours,
  calendarYearSummary,
  listCalendarYear,
  loadWorkCalendar,
  parseInstantVn,
  removeCalendarDay,
  seedCalendar,
  seedDerivedYear,
  setCalendarDay,
  toIsoVn,
  vnIsoDate,
} from './index.js';

addMessages({
  vi: {
    'calendar.title': 'Lịch làm việc năm {year}',
    'calendar.intro': 'Ngày nghỉ rơi vào ngày thường và ngày Thứ Bảy, Chủ nhật làm bù. Các ngày khác theo tuần làm việc Thứ Hai – Thứ Sáu, 07:00–11:30 và 13:30–17:00.',
    'calendar.day': 'Ngày',
    'calendar.weekday': 'Thứ',
    'calendar.kind': 'Loại',
    'calendar.name': 'Tên',
    'calendar.source': 'Căn cứ',
    'calendar.dayOff': 'Nghỉ',
    'calendar.workingDay': 'Làm bù',
    'calendar.derived': 'theo Bộ luật Lao động (chưa có lịch công bố)',
    'calendar.add': 'Thêm hoặc sửa một ngày',
    'calendar.save': 'Lưu ngày',
    'calendar.remove': 'Xóa',
    'calendar.actions': 'Thao tác',
    'calendar.years': 'Năm khác',
    'calendar.required.day': 'Nhập ngày',
    'calendar.required.kind': 'Chọn Nghỉ hoặc Làm bù',
    'calendar.saved': 'Đã lưu ngày {day}.',
    'calendar.removed': 'Đã xóa ngày {day} khỏi lịch.',
    'calendar.prevYear': 'Năm trước',
    'calendar.nextYear': 'Năm sau',
  },
  en: {
    'calendar.title': 'Working calendar {year}',
    'calendar.intro': 'Days off that fall on weekdays and weekend days that are worked. Other days follow the Monday–Friday week, 07:00–11:30 and 13:30–17:00.',
    'calendar.day': 'Date',
    'calendar.weekday': 'Day',
    'calendar.kind': 'Kind',
    'calendar.name': 'Name',
    'calendar.source': 'Source',
    'calendar.dayOff': 'Day off',
    'calendar.workingDay': 'Working day',
    'calendar.derived': 'from the Labour Code (no published schedule yet)',
    'calendar.add': 'Add or change a day',
    'calendar.save': 'Save day',
    'calendar.remove': 'Remove',
    'calendar.actions': 'Actions',
    'calendar.years': 'Other years',
    'calendar.required.day': 'Enter the date',
    'calendar.required.kind': 'Select Day off or Working day',
    'calendar.saved': 'Saved {day}.',
    'calendar.removed': 'Removed {day} from the calendar.',
    'calendar.prevYear': 'Previous year',
    'calendar.nextYear': 'Next year',
  },
});

const currentYear = () => Number(vnIsoDate(new Date()).slice(0, 4));

/** The working-time calendar: reference data, the admin page to edit a year, the due-date API and CLI. */
export const calendarModule: AppModule = {
  name: 'calendar',
  nav: [{ href: '/quan-tri/lich-lam-viec', label: 'nav.calendar', action: 'calendar.read' }],
  async reference(database) {
    await seedCalendar(database);
  },
  cli: registerCalendarCli,
  register(app: FastifyInstance, ctx: AppContext) {
    addNavItems(calendarModule.nav ?? []);
    const { database, config } = ctx;

    const yearPage = async (req: import('fastify').FastifyRequest, year: number, values: Record<string, string>, errors: FieldError[]) => {
      const t = tOf(req);
      const cal = await loadWorkCalendar(database.db);
      const rows = calendarYearSummary(cal, year);
      const mayEdit = req.principal!.roles.includes('admin');
      const err = (f: string) => errors.filter((e) => e.field === f).map((e) => e.message).join('. ') || undefined;
      return (
        <>
          <ErrorSummary errors={errors} t={t} />
          <h1 class="govuk-heading-l">{t('calendar.title', { year })}</h1>
          <p class="govuk-body">{t('calendar.intro')}</p>
          <nav class="govuk-body" aria-label={t('calendar.years')}>
            <a class="govuk-link" href={`/quan-tri/lich-lam-viec?nam=${year - 1}`}>
              ← {t('calendar.prevYear')} ({year - 1})
            </a>
            {' · '}
            <a class="govuk-link" href={`/quan-tri/lich-lam-viec?nam=${year + 1}`}>
              {t('calendar.nextYear')} ({year + 1}) →
            </a>
          </nav>
          <Table
            t={t}
            caption={t('calendar.title', { year })}
            captionHidden
            rows={rows}
            columns={[
              { key: 'day', label: t('calendar.day'), nowrap: true, render: (r) => formatDate(r.day, req.locale) },
              { key: 'weekday', label: t('calendar.weekday'), nowrap: true, render: (r) => weekdayName(r.day, req.locale) },
              {
                key: 'kind',
                label: t('calendar.kind'),
                nowrap: true,
                render: (r) =>
                  r.kind === 'day_off' ? <Tag colour="red">{t('calendar.dayOff')}</Tag> : <Tag colour="blue">{t('calendar.workingDay')}</Tag>,
              },
              { key: 'name', label: t('calendar.name'), render: (r) => (r.derived ? `${r.name} (${t('calendar.derived')})` : r.name) },
              { key: 'source', label: t('calendar.source'), render: (r) => r.source ?? '—' },
              ...(mayEdit
                ? [
                    {
                      key: 'actions',
                      label: t('calendar.actions'),
                      labelHidden: true,
                      render: (r: (typeof rows)[number]) =>
                        r.derived ? null : (
                          <form method="post" action="/quan-tri/lich-lam-viec/xoa">
                            <CsrfField token={req.csrfToken()} />
                            <input type="hidden" name="day" value={r.day} />
                            <Button variant="secondary" class="govuk-!-margin-bottom-0">
                              {t('calendar.remove')}
                              <span class="govuk-visually-hidden"> {formatDate(r.day)}</span>
                            </Button>
                          </form>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          {mayEdit ? (
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-two-thirds">
                <h2 class="govuk-heading-m">{t('calendar.add')}</h2>
                <form method="post" action="/quan-tri/lich-lam-viec" novalidate>
                  <CsrfField token={req.csrfToken()} />
                  <input type="hidden" name="nam" value={String(year)} />
                  <DateInput name="day" label={t('calendar.day')} value={values.day ?? ''} error={err('day')} t={t} />
                  <Radios
                    name="kind"
                    legend={t('calendar.kind')}
                    inline
                    value={values.kind ?? ''}
                    items={[
                      { value: 'day_off', label: t('calendar.dayOff') },
                      { value: 'working_day', label: t('calendar.workingDay') },
                    ]}
                    error={err('kind')}
                    t={t}
                  />
                  <TextInput name="name" label={t('calendar.name')} value={values.name ?? ''} error={err('name')} t={t} />
                  <TextInput name="source" label={t('calendar.source')} optional value={values.source ?? ''} error={err('source')} t={t} />
                  <Button>{t('calendar.save')}</Button>
                </form>
              </div>
            </div>
          ) : null}
        </>
      );
    };

    const crumbs = (req: import('fastify').FastifyRequest) => [{ href: '/', label: tOf(req)('nav.home') }, { label: tOf(req)('nav.calendar') }];

    app.get('/quan-tri/lich-lam-viec', { config: { access: { action: 'calendar.read' } } }, async (req, reply) => {
      const q = (req.query ?? {}) as Record<string, string>;
      const y = Number(q.nam);
      const year = Number.isInteger(y) && y >= 1900 && y <= 2100 ? y : currentYear();
      return sendPage(req, reply, config, { title: tOf(req)('calendar.title', { year }), breadcrumbs: crumbs(req) }, await yearPage(req, year, {}, []));
    });

    app.post('/quan-tri/lich-lam-viec', { config: { access: { action: 'calendar.manage' } } }, async (req, reply) => {
      const t = tOf(req);
      const b = (req.body ?? {}) as Record<string, string>;
      const values = { day: normaliseDateInput(b.day), kind: b.kind ?? '', name: b.name ?? '', source: b.source ?? '' };
      try {
        await database.db.transaction(async (tx) => {
          const year = Number(values.day.slice(0, 4));
          const derived = /^\d{4}-\d{2}-\d{2}$/.test(values.day) && year >= 1900 && year <= 2100 ? await seedDerivedYear(tx, year) : 0;
          if (derived)
            await recordAudit(tx, actorOf(req), {
              action: 'calendar.seed_year',
              entity: 'calendar_year',
              entityId: year,
              detail: `${derived} statutory days off stored before the first edit`,
            });
          const r = await setCalendarDay(tx, { ...values, source: values.source || null });
          await recordAudit(tx, actorOf(req), {
            action: 'calendar.set_day',
            entity: 'calendar_day',
            entityId: r.after.day,
            before: r.before,
            after: r.after,
          });
        });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        // the year of the day entered, else the year the form was on
        const shown = Number(values.day.slice(0, 4)) || Number(b.nam);
        const year = Number.isInteger(shown) && shown >= 1900 && shown <= 2100 ? shown : currentYear();
        // plain words for a field left empty (the store's messages name the stored values)
        const fields = e.fields.map((f) =>
          f.field === 'day' && !values.day.trim()
            ? { ...f, message: t('calendar.required.day') }
            : f.field === 'kind'
              ? { ...f, message: t('calendar.required.kind') }
              : f,
        );
        return sendPage(req, reply, config, { title: t('calendar.title', { year }), status: 400, hasErrors: true, breadcrumbs: crumbs(req) }, await yearPage(req, year, values, fields));
      }
      req.session.flash = { kind: 'success', text: t('calendar.saved', { day: formatDate(values.day) }) };
      return reply.redirect(`/quan-tri/lich-lam-viec?nam=${values.day.slice(0, 4)}`, 303);
    });

    app.post('/quan-tri/lich-lam-viec/xoa', { config: { access: { action: 'calendar.manage' } } }, async (req, reply) => {
      const t = tOf(req);
      const day = String((req.body as Record<string, string> | undefined)?.day ?? '');
      await database.db.transaction(async (tx) => {
        const removed = await removeCalendarDay(tx, day);
        if (removed)
          await recordAudit(tx, actorOf(req), { action: 'calendar.remove_day', entity: 'calendar_day', entityId: day, before: removed });
      });
      req.session.flash = { kind: 'success', text: t('calendar.removed', { day: formatDate(day) }) };
      return reply.redirect(`/quan-tri/lich-lam-viec?nam=${day.slice(0, 4)}`, 303);
    });

    const DueQuery = z
      .object({
        from: z.string().min(10).describe('receipt instant, e.g. 2024-02-07T09:00 (Asia/Ho_Chi_Minh) or with offset'),
        days: z.coerce.number().min(0).max(3650).optional(),
        hours: z.coerce.number().min(0).max(87600).optional(),
      })
      .refine((q) => (q.days === undefined) !== (q.hours === undefined), { message: 'give exactly one of days or hours', path: ['days'] });
    app.get(
      '/api/v1/calendar/due',
      {
        config: { access: { action: 'calendar.read' } },
        schema: { tags: ['calendar'], summary: 'Due instant of a time limit in working days or hours', querystring: DueQuery },
      },
      async (req) => {
        const q = req.query as z.infer<typeof DueQuery>;
        let from: Date;
        try {
          from = parseInstantVn(q.from);
        } catch (e) {
          throw ValidationError.one('from', (e as Error).message);
        }
        const cal = await loadWorkCalendar(database.db);
        const due = q.days !== undefined ? addWorkingDays(cal, from, q.days) : addWorkingHours(cal, from, q.hours!);
        return { from: toIsoVn(from), due: toIsoVn(due) };
      },
    );
    app.get(
      '/api/v1/calendar/:year',
      {
        config: { access: { action: 'calendar.read' } },
        schema: { tags: ['calendar'], summary: 'Non-working weekdays and working weekend days of a year', params: z.object({ year: z.coerce.number().int().min(1900).max(2100) }) },
      },
      async (req) => {
        const { year } = req.params as { year: number };
        const cal = await loadWorkCalendar(database.db);
        return { year, days: calendarYearSummary(cal, year), stored: await listCalendarYear(database.db, year) };
      },
    );
  },
};
