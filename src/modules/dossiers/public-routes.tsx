import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import type { Database } from '../../core/db/index.js';
import { type FieldError, ValidationError } from '../../core/errors.js';
import { formatDateTime } from '../../core/format/index.js';
import type { AppContext } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { addPublicNavItems, publicNavOf, tOf } from '../../core/render.js';
import {
  ASSET_URLS,
  Button,
  CsrfField,
  ErrorSummary,
  Page,
  Radios,
  renderPage,
  SummaryList,
  Tag,
  type TagColour,
  Textarea,
  TextInput,
} from '../../ui/index.js';
import { PRINT_CSS } from './documents.js';
import { STATUS } from './model.js';
import { eventName, SCORES, scoreName, statusName } from './public-messages.js';
import { type PublicDossierView, publicLookup } from './queries.js';
import { dossierRatings, dossiers } from './schema.js';

/*
 * The public side of the one-stop desk: the anonymous lookup by dossier code + last 4 phone digits (TT 01/2018
 * Art. 16), its JSON twin, and the satisfaction rating after the result is returned (Decision 766 group 5.4),
 * online and on a kiosk at the desk.
 *
 * Privacy: the lookup shows status, dates, the timeline (kinds and times only) and what is missing — never the
 * applicant, actors or notes. A wrong code and a wrong suffix give the same status and body. The lookup is a GET
 * (bookmarkable, no CSRF token, so the bodies are byte-identical); its routes log at `warn` only, so the query
 * string with the phone digits never reaches the request log, and the page links drop the digits.
 */

const LOOKUP_LIMIT = { max: 20, timeWindow: '1 minute' } as const;
const CODE_MAX = 40;
const COMMENT_MAX = 1000;
const PHONE4 = /^\d{4}$/;

// ---------------------------------------------------------------------------------------------------------------------
// Rating command

export type RatingVia = 'link' | 'kiosk';

export interface RatingInput {
  code: string;
  phone4: string;
  score: number;
  comment?: string | null;
  via: RatingVia;
}

export type RatingRefusal = 'not_found' | 'not_returned' | 'already_rated';

/** A rating the applicant may not give; `reason` says why (the message is Vietnamese, routes translate). */
export class RatingRefused extends ValidationError {
  constructor(readonly reason: RatingRefusal) {
    super([{ field: 'ma', message: REFUSAL_VI[reason] }]);
  }
}

const REFUSAL_VI: Record<RatingRefusal, string> = {
  not_found: 'Không tìm thấy hồ sơ với mã và số điện thoại này',
  not_returned: 'Hồ sơ chưa trả kết quả',
  already_rated: 'Hồ sơ này đã được đánh giá',
};

/** The anonymous actor of public writes. */
export function publicActor(ip?: string): Actor {
  return { id: null, name: 'public', ip };
}

/** Field checks of a rating, messages in the given language. */
export function validateRating(input: RatingInput, t: T): FieldError[] {
  const errors: FieldError[] = [];
  const code = input.code.trim();
  if (!code) errors.push({ field: 'ma', message: t('dossierPublic.required.code') });
  else if (code.length > CODE_MAX) errors.push({ field: 'ma', message: t('dossierPublic.invalid.code') });
  const phone4 = input.phone4.trim();
  if (!phone4) errors.push({ field: 'so', message: t('dossierPublic.required.phone4') });
  else if (!PHONE4.test(phone4)) errors.push({ field: 'so', message: t('dossierPublic.invalid.phone4') });
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) errors.push({ field: 'diem', message: t('dossierPublic.rate.required.score') });
  const comment = input.comment?.trim() ?? '';
  if (comment.length > COMMENT_MAX) errors.push({ field: 'gop_y', message: t('dossierPublic.rate.commentTooLong', { count: comment.length }) });
  if (input.via !== 'link' && input.via !== 'kiosk') errors.push({ field: 'via', message: 'via: link | kiosk' });
  return errors;
}

/**
 * The applicant rates a returned dossier (one rating per dossier). The code and the phone suffix must match, as
 * for the lookup; a wrong code and a wrong suffix are refused alike. Audited as the anonymous public actor.
 */
export async function rateDossier(database: Database, actor: Actor, input: RatingInput, t: T = (k) => k) {
  const errors = validateRating(input, t);
  if (errors.length) throw new ValidationError(errors);
  const code = input.code.trim().toUpperCase();
  const phone4 = input.phone4.trim();
  const comment = input.comment?.trim() || null;
  return database.db.transaction(async (tx) => {
    const [d] = await tx
      .select({ id: dossiers.id, code: dossiers.code, phone: dossiers.applicantPhone, status: dossiers.status, orgUnitId: dossiers.orgUnitId })
      .from(dossiers)
      .where(eq(dossiers.code, code));
    if (!d?.phone?.endsWith(phone4)) throw new RatingRefused('not_found');
    if (d.status !== STATUS.returned) throw new RatingRefused('not_returned');
    const inserted = await tx
      .insert(dossierRatings)
      .values({ dossierId: d.id, score: input.score, comment, via: input.via })
      .onConflictDoNothing({ target: dossierRatings.dossierId })
      .returning();
    const row = inserted[0];
    if (!row) throw new RatingRefused('already_rated');
    await recordAudit(tx, actor, {
      action: 'dossier.rate',
      entity: 'dossier',
      entityId: d.code,
      orgUnitId: d.orgUnitId,
      after: { score: row.score, via: row.via, comment: row.comment },
    });
    return row;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Page shells

/** Query parameters that carry the phone digits; never echoed into links. */
const SECRET_PARAMS = new Set(['so', 'phone4']);

/** The request path and query without the phone digits (for the language switch). */
function safePath(req: FastifyRequest): string {
  const [path, query] = req.url.split('?', 2);
  if (!query) return path ?? '/';
  const params = new URLSearchParams(query);
  for (const k of [...params.keys()]) if (SECRET_PARAMS.has(k)) params.delete(k);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : (path ?? '/');
}

addPublicNavItems([
  { href: '/tra-cuu-ho-so', label: 'dossierPublic.lookup.title' },
  { href: '/danh-gia', label: 'dossierPublic.rate.title' },
]);

/**
 * A public page (portal look, no account links even for a signed-in visitor, so every visitor gets the same page).
 * No CSRF token is rendered unless the body has a form that needs one.
 */
function sendPublicPage(
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  opts: { title: string; status?: number; hasErrors?: boolean },
  body: ComponentChildren,
) {
  const t = tOf(req);
  const html = renderPage(
    <Page
      title={opts.title}
      locale={req.locale}
      t={t}
      orgName={ctx.config.orgName}
      variant="public"
      currentPath={safePath(req)}
      nav={publicNavOf(req, t)}
      hasErrors={opts.hasErrors}
    >
      {body}
    </Page>,
  );
  return reply
    .status(opts.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The kiosk's own full-screen document: big type, no navigation; `refreshTo` returns to the empty form. */
function sendKioskPage(
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  opts: { title: string; status?: number; hasErrors?: boolean; refreshTo?: string },
  body: ComponentChildren,
) {
  const t = tOf(req);
  const title = `${opts.hasErrors ? `${t('ui.errorPrefix')}: ` : ''}${opts.title} – tnmt`;
  const html = renderPage(
    <html lang={req.locale} class="govuk-template tnmt-template--public">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        {opts.refreshTo ? <meta http-equiv="refresh" content={`5;url=${opts.refreshTo}`} /> : null}
        <link rel="icon" href={ASSET_URLS.favicon} type="image/svg+xml" />
        <link rel="stylesheet" href={ASSET_URLS.govukCss} />
        <link rel="stylesheet" href={ASSET_URLS.tnmtCss} />
        <link rel="stylesheet" href={PRINT_CSS} />
      </head>
      <body class="govuk-template__body pf-kiosk">
        <header class="pf-kiosk__header">
          <p class="pf-kiosk__org">{ctx.config.orgName}</p>
        </header>
        <main class="pf-kiosk__main" id="main-content">
          {body}
        </main>
      </body>
    </html>,
  );
  return reply
    .status(opts.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

// ---------------------------------------------------------------------------------------------------------------------
// Lookup

const STATUS_COLOURS: Record<number, TagColour> = {
  2: 'blue',
  3: 'grey',
  4: 'blue',
  5: 'orange',
  6: 'orange',
  7: 'grey',
  8: 'grey',
  9: 'green',
  10: 'green',
};

interface LookupQuery {
  code: string;
  phone4: string;
}

function checkLookup(q: LookupQuery, t: T): FieldError[] {
  const errors: FieldError[] = [];
  if (!q.code) errors.push({ field: 'ma', message: t('dossierPublic.required.code') });
  else if (q.code.length > CODE_MAX) errors.push({ field: 'ma', message: t('dossierPublic.invalid.code') });
  if (!q.phone4) errors.push({ field: 'so', message: t('dossierPublic.required.phone4') });
  else if (!PHONE4.test(q.phone4)) errors.push({ field: 'so', message: t('dossierPublic.invalid.phone4') });
  return errors;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function LookupForm(props: { code: string; errors: FieldError[]; t: T }) {
  const { t, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="get" action="/tra-cuu-ho-so" novalidate class="pf-lookup-form">
      <TextInput
        name="ma"
        label={t('dossierPublic.code')}
        hint={t('dossierPublic.code.hint')}
        value={props.code}
        spellcheck={false}
        autocomplete="off"
        width="two-thirds"
        error={err('ma')}
        t={t}
      />
      <TextInput
        name="so"
        label={t('dossierPublic.phone4')}
        hint={t('dossierPublic.phone4.hint')}
        value=""
        inputmode="numeric"
        pattern="[0-9]*"
        autocomplete="off"
        width={4}
        error={err('so')}
        attributes={{ maxlength: '4' }}
        t={t}
      />
      <Button>{t('dossierPublic.lookup.submit')}</Button>
    </form>
  );
}

function LookupResult({ view, t, locale }: { view: PublicDossierView; t: T; locale: Locale }) {
  const rows = [
    { key: t('dossierPublic.procedure'), value: view.procedureName },
    { key: t('dossierPublic.agency'), value: view.orgUnitName },
    { key: t('dossierPublic.status'), value: <Tag colour={STATUS_COLOURS[view.status] ?? 'grey'}>{statusName(view.status, locale)}</Tag> },
    { key: t('dossierPublic.receivedAt'), value: formatDateTime(view.receivedAt, locale) },
    { key: t('dossierPublic.dueAt'), value: formatDateTime(view.dueAt, locale) },
  ];
  if (view.extendedDueAt)
    rows.push({
      key: t('dossierPublic.extendedDueAt'),
      value: `${formatDateTime(view.extendedDueAt, locale)} (${t('dossierPublic.extendedNote', { date: formatDateTime(view.dueAt, locale) })})`,
    });
  if (view.finishedAt) rows.push({ key: t('dossierPublic.finishedAt'), value: formatDateTime(view.finishedAt, locale) });
  if (view.returnedAt) rows.push({ key: t('dossierPublic.returnedAt'), value: formatDateTime(view.returnedAt, locale) });
  return (
    <section aria-labelledby="ket-qua" class="pf-lookup-result">
      <h2 class="govuk-heading-m" id="ket-qua">
        {t('dossierPublic.result.title', { code: view.code })}
      </h2>
      {view.missing.length ? (
        <section class="govuk-notification-banner" aria-labelledby="can-bo-sung">
          <div class="govuk-notification-banner__header">
            <h3 class="govuk-notification-banner__title" id="can-bo-sung">
              {t('dossierPublic.missing.title')}
            </h3>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-body">{t('dossierPublic.missing.lead')}</p>
            <ol class="govuk-list govuk-list--number">
              {view.missing.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ol>
            <p class="govuk-body">{t('dossierPublic.missing.after')}</p>
          </div>
        </section>
      ) : null}
      <SummaryList rows={rows} />
      {view.status === STATUS.returned ? (
        <p class="govuk-body">
          {t('dossierPublic.returnedNote')}{' '}
          <a class="govuk-link" href={`/danh-gia?ma=${encodeURIComponent(view.code)}`}>
            {t('dossierPublic.rateLink')}
          </a>
        </p>
      ) : null}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{t('dossierPublic.timeline')}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {t('dossierPublic.timeline.when')}
            </th>
            <th scope="col" class="govuk-table__header">
              {t('dossierPublic.timeline.what')}
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {view.timeline.map((e, i) => (
            <tr class="govuk-table__row" key={i}>
              <td class="govuk-table__cell tnmt-nowrap">{formatDateTime(e.at, locale)}</td>
              <td class="govuk-table__cell">{eventName(e.kind, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="govuk-body-s">{t('dossierPublic.privacy')}</p>
    </section>
  );
}

/** The JSON shape of a lookup: the public view plus names in the caller's language. */
function lookupJson(view: PublicDossierView, locale: Locale) {
  return {
    code: view.code,
    procedureName: view.procedureName,
    orgUnitName: view.orgUnitName,
    status: view.status,
    statusName: statusName(view.status, locale),
    receivedAt: view.receivedAt.toISOString(),
    dueAt: view.dueAt.toISOString(),
    extendedDueAt: view.extendedDueAt?.toISOString() ?? null,
    appointmentAt: (view.extendedDueAt ?? view.dueAt).toISOString(),
    finishedAt: view.finishedAt?.toISOString() ?? null,
    returnedAt: view.returnedAt?.toISOString() ?? null,
    timeline: view.timeline.map((e) => ({ kind: e.kind, name: eventName(e.kind, locale), at: e.at.toISOString() })),
    missing: view.missing,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Rating forms

interface RatingValues {
  code: string;
  score: string;
  comment: string;
}

function RatingForm(props: { action: string; values: RatingValues; errors: FieldError[]; csrf: string; t: T; locale: Locale }) {
  const { t, errors, values } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField token={props.csrf} />
      <TextInput name="ma" label={t('dossierPublic.code')} hint={t('dossierPublic.code.hint')} value={values.code} spellcheck={false} autocomplete="off" width="two-thirds" error={err('ma')} t={t} />
      <TextInput
        name="so"
        label={t('dossierPublic.phone4')}
        hint={t('dossierPublic.phone4.hint')}
        value=""
        inputmode="numeric"
        pattern="[0-9]*"
        autocomplete="off"
        width={4}
        error={err('so')}
        attributes={{ maxlength: '4' }}
        t={t}
      />
      <Radios
        name="diem"
        legend={t('dossierPublic.rate.score')}
        legendSize="m"
        value={values.score}
        error={err('diem')}
        items={SCORES.map((s) => ({ value: String(s), label: scoreName(s, props.locale) }))}
        t={t}
      />
      <Textarea name="gop_y" label={t('dossierPublic.rate.comment')} hint={t('dossierPublic.rate.commentHint')} optional value={values.comment} rows={4} error={err('gop_y')} attributes={{ maxlength: String(COMMENT_MAX) }} t={t} />
      <Button preventDoubleClick>{t('dossierPublic.rate.submit')}</Button>
    </form>
  );
}

function KioskForm(props: { values: RatingValues; errors: FieldError[]; csrf: string; t: T; locale: Locale }) {
  const { t, errors, values } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="post" action="/danh-gia/kiosk" novalidate class="pf-kiosk__form">
      <CsrfField token={props.csrf} />
      <div class="pf-kiosk__ids">
        <TextInput name="ma" label={t('dossierPublic.code')} value={values.code} spellcheck={false} autocomplete="off" error={err('ma')} labelSize="m" t={t} />
        <TextInput
          name="so"
          label={t('dossierPublic.phone4')}
          value=""
          inputmode="numeric"
          pattern="[0-9]*"
          autocomplete="off"
          width={4}
          error={err('so')}
          labelSize="m"
          attributes={{ maxlength: '4' }}
          t={t}
        />
      </div>
      <Textarea name="gop_y" label={t('dossierPublic.rate.comment')} optional value={values.comment} rows={2} error={err('gop_y')} attributes={{ maxlength: String(COMMENT_MAX) }} t={t} />
      <fieldset class="govuk-fieldset" aria-describedby={err('diem') ? 'diem-error' : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">{t('dossierPublic.rate.score')}</legend>
        {err('diem') ? (
          <p class="govuk-error-message" id="diem-error">
            <span class="govuk-visually-hidden">{t('ui.errorPrefix')}:</span> {err('diem')}
          </p>
        ) : null}
        <div class="pf-kiosk__scores" id="diem">
          {[...SCORES].reverse().map((s) => (
            <button type="submit" name="diem" value={String(s)} class={`govuk-button pf-kiosk__score pf-kiosk__score--${s}`} key={s}>
              <span class="pf-kiosk__score-mark" aria-hidden="true">
                {s}
              </span>
              <span class="pf-kiosk__score-label">{scoreName(s, props.locale)}</span>
            </button>
          ))}
        </div>
      </fieldset>
    </form>
  );
}

function refusalMessage(reason: RatingRefusal, t: T): string {
  return reason === 'not_found' ? t('dossierPublic.notFound') : reason === 'not_returned' ? t('dossierPublic.rate.notReturned') : t('dossierPublic.rate.already');
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes

const LookupQuerySchema = z.object({
  code: z.string().max(200).optional(),
  phone4: z.string().max(20).optional(),
});

/**
 * Public routes: lookup page and JSON, rating page (online link) and kiosk. Steps: public access → per-address
 * rate limit (lookup and rating posts) → validate → query or command → page.
 */
export function registerPublicRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database } = ctx;

  app.get('/tra-cuu-ho-so', { config: { access: 'public', rateLimit: LOOKUP_LIMIT }, logLevel: 'warn' }, async (req, reply) => {
    const t = tOf(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const asked = 'ma' in q || 'so' in q;
    const input = { code: str(q.ma), phone4: str(q.so) };
    const title = t('dossierPublic.lookup.title');
    const intro = (
      <>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{t('dossierPublic.lookup.lead')}</p>
      </>
    );
    if (!asked)
      return sendPublicPage(req, reply, ctx, { title }, <Layout>
          {intro}
          <LookupForm code="" errors={[]} t={t} />
        </Layout>);
    const errors = checkLookup(input, t);
    if (errors.length)
      return sendPublicPage(
        req,
        reply,
        ctx,
        { title, status: 400, hasErrors: true },
        <Layout>
          <ErrorSummary errors={errors} t={t} />
          {intro}
          <LookupForm code={input.code} errors={errors} t={t} />
        </Layout>,
      );
    const view = await publicLookup(database.db, input.code, input.phone4);
    if (!view) {
      const nf = [{ field: 'ma', message: t('dossierPublic.notFound') }];
      return sendPublicPage(
        req,
        reply,
        ctx,
        { title, status: 404, hasErrors: true },
        <Layout>
          <ErrorSummary errors={nf} t={t} />
          {intro}
          <LookupForm code={input.code} errors={nf} t={t} />
        </Layout>,
      );
    }
    return sendPublicPage(
      req,
      reply,
      ctx,
      { title: t('dossierPublic.result.title', { code: view.code }) },
      <>
        <Layout>
          {intro}
          <LookupForm code={input.code} errors={[]} t={t} />
        </Layout>
        <LookupResult view={view} t={t} locale={req.locale} />
      </>,
    );
  });

  app.get(
    '/api/v1/public/dossiers/lookup',
    {
      config: { access: 'public', rateLimit: LOOKUP_LIMIT },
      logLevel: 'warn',
      schema: {
        tags: ['public'],
        summary: 'Public dossier lookup by code and the last 4 digits of the applicant’s phone (no personal data)',
        querystring: LookupQuerySchema,
      },
    },
    async (req, reply) => {
      const t = tOf(req);
      const q = req.query as z.infer<typeof LookupQuerySchema>;
      const input = { code: (q.code ?? '').trim(), phone4: (q.phone4 ?? '').trim() };
      const errors = checkLookup(input, t).map((e) => ({ field: e.field === 'ma' ? 'code' : 'phone4', message: e.message }));
      reply.header('cache-control', 'no-store');
      if (errors.length) return reply.status(400).send({ error: 'validation', fields: errors });
      const view = await publicLookup(database.db, input.code, input.phone4);
      if (!view) return reply.status(404).send({ error: 'not_found', message: t('dossierPublic.notFound') });
      return lookupJson(view, req.locale);
    },
  );

  // Rating, online (the link on the lookup result and on the receipt).
  const ratingPage = (req: FastifyRequest, reply: FastifyReply, values: RatingValues, errors: FieldError[], status = 200) => {
    const t = tOf(req);
    const title = t('dossierPublic.rate.title');
    return sendPublicPage(
      req,
      reply,
      ctx,
      { title, status, hasErrors: errors.length > 0 },
      <Layout>
        <ErrorSummary errors={errors} t={t} />
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{t('dossierPublic.rate.lead')}</p>
        <RatingForm action="/danh-gia" values={values} errors={errors} csrf={req.csrfToken()} t={t} locale={req.locale} />
      </Layout>,
    );
  };

  const kioskPage = (req: FastifyRequest, reply: FastifyReply, values: RatingValues, errors: FieldError[], status = 200) => {
    const t = tOf(req);
    const title = t('dossierPublic.kiosk.title');
    return sendKioskPage(
      req,
      reply,
      ctx,
      { title, status, hasErrors: errors.length > 0 },
      <>
        <ErrorSummary errors={errors} t={t} />
        <h1 class="govuk-heading-xl">{title}</h1>
        <p class="govuk-body-l">{t('dossierPublic.kiosk.lead')}</p>
        <KioskForm values={values} errors={errors} csrf={req.csrfToken()} t={t} locale={req.locale} />
      </>,
    );
  };

  const submit = async (req: FastifyRequest, via: RatingVia) => {
    const t = tOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: RatingValues = { code: str(body.ma), score: str(body.diem), comment: typeof body.gop_y === 'string' ? body.gop_y : '' };
    const score = /^[1-5]$/.test(values.score) ? Number(values.score) : 0;
    try {
      await rateDossier(database, publicActor(req.ip), { code: values.code, phone4: str(body.so), score, comment: values.comment, via }, t);
      return { ok: true as const, values, errors: [] as FieldError[] };
    } catch (e) {
      if (e instanceof RatingRefused) return { ok: false as const, values, errors: [{ field: 'ma', message: refusalMessage(e.reason, t) }], status: e.reason === 'not_found' ? 404 : 409 };
      if (e instanceof ValidationError) return { ok: false as const, values, errors: e.fields, status: 400 };
      throw e;
    }
  };

  app.get('/danh-gia', { config: { access: 'public' } }, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return ratingPage(req, reply, { code: str(q.ma).slice(0, CODE_MAX), score: '', comment: '' }, []);
  });

  app.post('/danh-gia', { config: { access: 'public', rateLimit: LOOKUP_LIMIT }, logLevel: 'warn' }, async (req, reply) => {
    const r = await submit(req, 'link');
    if (r.ok) return reply.redirect('/danh-gia/cam-on', 303);
    return ratingPage(req, reply, r.values, r.errors, r.status);
  });

  app.get('/danh-gia/cam-on', { config: { access: 'public' } }, async (req, reply) => {
    const t = tOf(req);
    const title = t('dossierPublic.rate.thanks.title');
    return sendPublicPage(
      req,
      reply,
      ctx,
      { title },
      <Layout>
        <div class="govuk-panel govuk-panel--confirmation">
          <h1 class="govuk-panel__title">{title}</h1>
          <div class="govuk-panel__body">{t('dossierPublic.rate.thanks.body')}</div>
        </div>
        <p class="govuk-body">
          <a class="govuk-link" href="/tra-cuu-ho-so">
            {t('dossierPublic.rate.thanks.again')}
          </a>
        </p>
      </Layout>,
    );
  });

  // Rating on the kiosk at the one-stop desk: big buttons, back to an empty form 5 s after each rating.
  app.get('/danh-gia/kiosk', { config: { access: 'public' } }, async (req, reply) => kioskPage(req, reply, { code: '', score: '', comment: '' }, []));

  app.post('/danh-gia/kiosk', { config: { access: 'public', rateLimit: LOOKUP_LIMIT }, logLevel: 'warn' }, async (req, reply) => {
    const r = await submit(req, 'kiosk');
    if (r.ok) return reply.redirect('/danh-gia/kiosk/cam-on', 303);
    return kioskPage(req, reply, r.values, r.errors, r.status);
  });

  app.get('/danh-gia/kiosk/cam-on', { config: { access: 'public' } }, async (req, reply) => {
    const t = tOf(req);
    const title = t('dossierPublic.rate.thanks.title');
    return sendKioskPage(
      req,
      reply,
      ctx,
      { title, refreshTo: '/danh-gia/kiosk' },
      <div class="govuk-panel govuk-panel--confirmation pf-kiosk__thanks">
        <h1 class="govuk-panel__title">{title}</h1>
        <div class="govuk-panel__body">
          <p>{t('dossierPublic.rate.thanks.body')}</p>
          <p class="pf-kiosk__back">{t('dossierPublic.kiosk.back')}</p>
          <p>
            <a class="pf-kiosk__back-link" href="/danh-gia/kiosk">
              {t('dossierPublic.kiosk.backNow')}
            </a>
          </p>
        </div>
      </div>,
    );
  });
}

/** Two-thirds column, GOV.UK's width for forms and reading. */
function Layout({ children }: { children: ComponentChildren }) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}
