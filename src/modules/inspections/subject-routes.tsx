import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import { can } from '../../core/access.js';
import { todayVn } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { ConflictError, errorOf, type FieldError, NotFoundError, sortErrors, ValidationError } from '../../core/errors.js';
import { formatDate, formatInteger, formatNumber, formatVnd } from '../../core/format/index.js';
import { type AppContext, actorOf, redirectWithFlash } from '../../core/http.js';
import type { T } from '../../core/i18n/index.js';
import { sendPage, tOf } from '../../core/render.js';
import {
  Button,
  ConflictSummary,
  CsrfField,
  Details,
  ErrorSummary,
  firstParam,
  InsetText,
  NotificationBanner,
  Pagination,
  type QueryParams,
  Radios,
  Select,
  SummaryList,
  type SummaryRow,
  Table,
  TableFilter,
  Tag,
  TextInput,
  WarningText,
} from '../../ui/index.js';
import { type AdminTreeNode, adminTreeAsOf, adminUnitBoundary, findAdminUnitByCode, getAdminUnit } from '../org/queries.js';
import { type HistoryEntry, type SubjectHistory, subjectHistory } from './history.js';
import { SECTORS, SUBJECT_KINDS } from './model.js';
import './policies.js';
import { duplicateCandidates, mergeSubjects, resolveSubject, searchSubjects, type SubjectSummary, updateFacility, updateSubject } from './subject-commands.js';
import { complianceColour, entryKindLabel, tagColour } from './subject-messages.js';
import { addFacility, createSubject, type FacilityInput, facilitiesOf, findSubjectByIdentifier, getSubject, type Subject, type SubjectInput } from './subjects.js';

/*
 * Pages and API of the subject registry. Each handler: access (route rule) → validate → command or query → view.
 *   GET  /doi-tuong                              search (q, loai, nganh, xa, page) and the table (subject.read)
 *   GET  /doi-tuong/moi, POST                    register a subject (subject.write)
 *   GET  /doi-tuong/gop                          likely duplicates with reasons; related parent/branch pairs (subject.merge)
 *   GET  /doi-tuong/gop/xac-nhan?giu=&bo=, POST  side-by-side comparison and the merge (subject.merge)
 *   GET  /doi-tuong/:id                          the history page (subject.read); a merged subject → 301 to its survivor
 *   GET  /doi-tuong/:id/sua, POST                edit with the version read (subject.write)
 *   POST /doi-tuong/:id/co-so                    add a facility (subject.write)
 *   GET  /doi-tuong/:id/co-so/:facilityId/sua, POST  edit a facility (subject.write)
 *   GET  /api/v1/subjects, GET /api/v1/subjects/:id/history
 * Subjects are one registry shared by every unit (subject.* have global reach, so no record-level scope check); the
 * history shows only the records of inspections run by units in the reader's scope (history.ts).
 */

type Body = Record<string, string | string[] | undefined>;
const READ = { access: { action: 'subject.read' } } as const;
const WRITE = { access: { action: 'subject.write' } } as const;
const MERGE = { access: { action: 'subject.merge' } } as const;
const PAGE_SIZE = 25;
const SUBJECT_FIELDS = ['kind', 'name', 'taxCode', 'idNumber', 'representative', 'address', 'adminUnitId', 'phone', 'sector'] as const;
const FACILITY_FIELDS = ['name', 'address', 'adminUnitId', 'latitude', 'longitude', 'sector'] as const;

const one = (b: Body, k: string): string => {
  const v = b[k];
  return Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
};
const positiveInt = (s: string | undefined): number | undefined => {
  if (!s || !/^\d{1,9}$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return n > 0 ? n : undefined;
};

/* ------------------------------------------------------------------------------------------------ reference data */

interface Option {
  value: string;
  label: string;
}

/** The communes (level 3) of today's administrative tree, Vietnamese order. */
async function communeOptions(db: DbOrTx): Promise<Option[]> {
  const out: Option[] = [];
  const walk = (nodes: AdminTreeNode[]) => {
    for (const n of nodes) {
      if (n.level >= 3) out.push({ value: String(n.id), label: n.name });
      walk(n.children);
    }
  };
  walk(await adminTreeAsOf(db, todayVn()));
  return out.sort((a, b) => new Intl.Collator('vi', { numeric: true }).compare(a.label, b.label));
}

/** The options plus a unit no longer valid that a record still holds (shown as ended, so an edit keeps it). */
async function withCurrent(db: DbOrTx, options: Option[], current: string, t: T): Promise<Option[]> {
  const id = positiveInt(current);
  if (!id || options.some((o) => o.value === String(id))) return options;
  const unit = await getAdminUnit(db, id);
  return unit ? [...options, { value: String(id), label: t('subject.commune.ended', { name: unit.name }) }] : options;
}

const sectorOptions = (t: T): Option[] => SECTORS.map((s) => ({ value: s, label: t(`subject.sector.${s}`) }));

/** The address followed by its administrative unit's name, unless the address already names it. */
export function addressLine(address: string | null, unitName: string | undefined): string {
  const a = address?.trim() ?? '';
  if (!unitName) return a || '—';
  if (a.toLocaleLowerCase('vi').includes(unitName.toLocaleLowerCase('vi'))) return a;
  return a ? `${a}, ${unitName}` : unitName;
}

async function adminUnitNames(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const id of new Set(ids.filter((x): x is number => x !== null))) {
    const u = await getAdminUnit(db, id);
    if (u) names.set(id, u.name);
  }
  return names;
}

/* ------------------------------------------------------------------------------------------------ the district map */

export interface DistrictMap {
  width: number;
  height: number;
  districts: { name: string; d: string }[];
  project(lat: number, lon: number): { x: number; y: number } | null;
}

type Ring = number[][];
function ringsOf(geometry: unknown): Ring[] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || !Array.isArray(g.coordinates)) return [];
  if (g.type === 'Polygon') return g.coordinates as Ring[];
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).flat();
  return [];
}

/**
 * The districts of Sóc Trăng (the last day they existed, 30/06/2025) from the org module's stored boundaries,
 * projected equirectangularly (longitude scaled by cos of the mid latitude) to an SVG of 480 px width, with points
 * closer than 0.8 px dropped. Null when no boundary is stored.
 */
export async function loadDistrictMap(db: DbOrTx): Promise<DistrictMap | null> {
  const day = '2025-06-30';
  const province = await findAdminUnitByCode(db, '94', day);
  if (!province) return null;
  const [root] = await adminTreeAsOf(db, day, '94');
  const shapes: { name: string; rings: Ring[] }[] = [];
  for (const d of root?.children ?? []) {
    const rings = ringsOf(await adminUnitBoundary(db, d.id));
    if (rings.length) shapes.push({ name: d.name, rings });
  }
  if (!shapes.length) return null;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const s of shapes)
    for (const r of s.rings)
      for (const [lon, lat] of r) {
        minLon = Math.min(minLon, lon!);
        maxLon = Math.max(maxLon, lon!);
        minLat = Math.min(minLat, lat!);
        maxLat = Math.max(maxLat, lat!);
      }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 480;
  const scale = width / ((maxLon - minLon) * k);
  const height = Math.ceil((maxLat - minLat) * scale);
  const xy = (lat: number, lon: number) => ({ x: (lon - minLon) * k * scale, y: (maxLat - lat) * scale });
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const districts = shapes.map((s) => {
    const parts: string[] = [];
    for (const ring of s.rings) {
      let last: { x: number; y: number } | null = null;
      const pts: string[] = [];
      for (const [lon, lat] of ring) {
        const p = xy(lat!, lon!);
        if (last && Math.hypot(p.x - last.x, p.y - last.y) < 0.8) continue;
        pts.push(`${r1(p.x)} ${r1(p.y)}`);
        last = p;
      }
      if (pts.length >= 3) parts.push(`M${pts.join('L')}Z`);
    }
    return { name: s.name, d: parts.join('') };
  });
  return {
    width,
    height,
    districts,
    project(lat, lon) {
      if (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon) return null;
      const p = xy(lat, lon);
      return { x: r1(p.x), y: r1(p.y) };
    },
  };
}

export function FacilityMap(props: { map: DistrictMap; facilities: { name: string; latitude: number; longitude: number }[]; t: T; locale: 'vi' | 'en' }) {
  const { map, t, locale } = props;
  const points = props.facilities.map((f) => ({ f, p: map.project(f.latitude, f.longitude) }));
  const outside = points.filter((x) => !x.p).length;
  const coord = (v: number) => formatNumber(v, 5, locale);
  return (
    <figure class="govuk-!-margin-0 govuk-!-margin-bottom-6">
      <svg
        viewBox={`0 0 ${map.width} ${map.height}`}
        width="100%"
        role="img"
        aria-labelledby="facility-map-title facility-map-desc"
        xmlns="http://www.w3.org/2000/svg"
        focusable="false"
      >
        <title id="facility-map-title">{t('history.map.title')}</title>
        <desc id="facility-map-desc">
          {t('history.map.desc')} {points.filter((x) => x.p).map((x) => t('history.map.point', { name: x.f.name, lat: coord(x.f.latitude), lon: coord(x.f.longitude) })).join('; ')}
        </desc>
        <g fill="#f3f2f1" stroke="#505a5f" stroke-width="0.8" stroke-linejoin="round">
          {map.districts.map((d) => (
            <path key={d.name} d={d.d}>
              <title>{d.name}</title>
            </path>
          ))}
        </g>
        <g fill="#d4351c" stroke="#ffffff" stroke-width="1.5">
          {points.map((x, i) =>
            x.p ? (
              <circle key={i} cx={x.p.x} cy={x.p.y} r="6">
                <title>{x.f.name}</title>
              </circle>
            ) : null,
          )}
        </g>
      </svg>
      <figcaption class="govuk-hint govuk-!-font-size-16">
        {t('history.map.desc')}
        {outside ? ` ${t('history.map.outside', { count: formatInteger(outside, locale) })}` : ''}
      </figcaption>
    </figure>
  );
}

/* ------------------------------------------------------------------------------------------------ form values */

type SubjectValues = Record<(typeof SUBJECT_FIELDS)[number], string>;
type FacilityValues = Record<(typeof FACILITY_FIELDS)[number], string>;

const blankSubject = (): SubjectValues => ({ kind: 'organisation', name: '', taxCode: '', idNumber: '', representative: '', address: '', adminUnitId: '', phone: '', sector: '' });
const subjectValuesOf = (b: Body): SubjectValues => Object.fromEntries(SUBJECT_FIELDS.map((k) => [k, one(b, k)])) as SubjectValues;
const valuesOfSubject = (s: Subject): SubjectValues => ({
  kind: s.kind,
  name: s.name,
  taxCode: s.taxCode ?? '',
  idNumber: s.idNumber ?? '',
  representative: s.representative ?? '',
  address: s.address ?? '',
  adminUnitId: s.adminUnitId ? String(s.adminUnitId) : '',
  phone: s.phone ?? '',
  sector: s.sector ?? '',
});
const toSubjectInput = (v: SubjectValues): SubjectInput => ({
  kind: v.kind,
  name: v.name,
  taxCode: v.taxCode || null,
  idNumber: v.idNumber || null,
  representative: v.representative || null,
  address: v.address || null,
  adminUnitId: positiveInt(v.adminUnitId) ?? null,
  phone: v.phone || null,
  sector: v.sector || null,
});

const blankFacility = (): FacilityValues => ({ name: '', address: '', adminUnitId: '', latitude: '', longitude: '', sector: '' });
const facilityValuesOf = (b: Body): FacilityValues => Object.fromEntries(FACILITY_FIELDS.map((k) => [k, one(b, k)])) as FacilityValues;

/** A decimal degree typed with a comma or a point; '' → null; anything else → NaN (an error for that field). */
function parseDegree(s: string): number | null {
  const v = s.trim().replace(',', '.');
  if (v === '') return null;
  return /^-?\d{1,3}(\.\d{1,10})?$/.test(v) ? Number(v) : Number.NaN;
}

function toFacilityInput(v: FacilityValues, t: T): { input: FacilityInput; errors: FieldError[] } {
  const latitude = parseDegree(v.latitude);
  const longitude = parseDegree(v.longitude);
  const errors: FieldError[] = [];
  if (Number.isNaN(latitude)) errors.push({ field: 'latitude', message: t('history.facility.coordinateInvalid') });
  if (Number.isNaN(longitude)) errors.push({ field: 'longitude', message: t('history.facility.coordinateInvalid') });
  return {
    input: {
      name: v.name,
      address: v.address || null,
      adminUnitId: positiveInt(v.adminUnitId) ?? null,
      latitude: Number.isNaN(latitude) ? null : latitude,
      longitude: Number.isNaN(longitude) ? null : longitude,
      sector: v.sector || null,
    },
    errors,
  };
}

/* ------------------------------------------------------------------------------------------------ routes */

export function registerSubjectRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  const db = database.db;
  let mapCache: Promise<DistrictMap | null> | undefined;
  const districtMap = () => {
    mapCache ??= loadDistrictMap(db).catch(() => null);
    return mapCache;
  };

  const crumbs = (t: T, ...more: { href?: string; label: string }[]) => [{ href: '/', label: t('nav.home') }, { href: '/doi-tuong', label: t('subject.title') }, ...more];

  async function loadSubject(rawId: unknown): Promise<Subject> {
    const id = positiveInt(String(rawId ?? ''));
    const s = id && id < 2 ** 31 ? await getSubject(db, id) : null;
    if (!s) throw new NotFoundError();
    return s;
  }

  /* ---------------------------------------------------------------- search */

  app.get('/doi-tuong', { config: READ }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const raw = (req.query ?? {}) as QueryParams;
    const q = (firstParam(raw, 'q') ?? '').trim().slice(0, 100);
    const kind = SUBJECT_KINDS.find((k) => k === firstParam(raw, 'loai')) ?? '';
    const sector = SECTORS.find((s) => s === firstParam(raw, 'nganh')) ?? '';
    const communes = await communeOptions(db);
    const commune = communes.find((c) => c.value === firstParam(raw, 'xa'))?.value ?? '';
    const query: QueryParams = { q: q || undefined, loai: kind || undefined, nganh: sector || undefined, xa: commune || undefined };
    const filter = { q, kind: kind || undefined, sector: sector || undefined, adminUnitId: positiveInt(commune), pageSize: PAGE_SIZE };
    const requested = positiveInt(firstParam(raw, 'page')) ?? 1;
    let result = await searchSubjects(db, { ...filter, page: requested });
    const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (requested > pageCount) result = await searchSubjects(db, { ...filter, page: pageCount });
    const names = await adminUnitNames(
      db,
      result.rows.map((r) => r.adminUnitId),
    );
    type Row = (typeof result.rows)[number];
    const filtered = Boolean(q || kind || sector || commune);
    return sendPage(
      req,
      reply,
      config,
      { title: t('subject.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('subject.title') }] },
      <>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h1 class="govuk-heading-l">{t('subject.title')}</h1>
            <p class="govuk-body">{t('subject.intro')}</p>
          </div>
          <div class="govuk-grid-column-one-third govuk-!-text-align-right">
            {can(p, 'subject.write') ? <Button href="/doi-tuong/moi">{t('subject.new')}</Button> : null}
            {can(p, 'subject.merge') ? (
              <p class="govuk-body">
                <a class="govuk-link" href="/doi-tuong/gop">
                  {t('subject.duplicates')}
                </a>
              </p>
            ) : null}
          </div>
        </div>
        <TableFilter action="/doi-tuong" active={filtered} t={t}>
          <TextInput name="q" type="search" label={t('subject.search')} hint={t('subject.search.hint')} value={q} spellcheck={false} t={t} />
          <Select
            name="loai"
            label={t('subject.filter.kind')}
            options={SUBJECT_KINDS.map((k) => ({ value: k, label: t(`subject.kind.${k}`) }))}
            value={kind}
            emptyOption={t('subject.filter.all')}
            t={t}
          />
          <Select name="nganh" label={t('subject.filter.sector')} options={sectorOptions(t)} value={sector} emptyOption={t('subject.filter.all')} t={t} />
          <Select name="xa" label={t('subject.commune')} options={communes} value={commune} emptyOption={t('subject.filter.all')} t={t} />
        </TableFilter>
        <Table<Row>
          t={t}
          id="subjects"
          caption={t('subject.caption', { count: formatInteger(result.total, locale) })}
          rows={result.rows}
          empty={{ title: filtered ? t('subject.empty.search') : t('subject.empty') }}
          columns={[
            {
              key: 'name',
              label: t('subject.col.name'),
              render: (r) => (
                <>
                  <a class="govuk-link" href={`/doi-tuong/${r.id}`}>
                    {r.name}
                  </a>
                  {r.sector ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{t(`subject.sector.${r.sector}`)}</div> : null}
                </>
              ),
            },
            { key: 'kind', label: t('subject.col.kind'), render: (r) => t(`subject.kind.${r.kind}`) },
            { key: 'identifier', label: t('subject.col.identifier'), nowrap: true, render: (r) => r.taxCode ?? r.idNumber ?? '—' },
            {
              key: 'address',
              label: t('subject.col.address'),
              render: (r) => addressLine(r.address, r.adminUnitId ? names.get(r.adminUnitId) : undefined),
            },
            { key: 'facilityCount', label: t('subject.col.facilities'), numeric: true },
            { key: 'latestInspectionOn', label: t('subject.col.latest'), nowrap: true, render: (r) => (r.latestInspectionOn ? formatDate(r.latestInspectionOn, locale) : '—') },
          ]}
        />
        <Pagination page={result.page} pageCount={pageCount} basePath="/doi-tuong" query={query} t={t} />
      </>,
    );
  });

  /* ---------------------------------------------------------------- the subject form (create, edit) */

  interface SubjectFormState {
    values: SubjectValues;
    errors: FieldError[];
    existing?: Subject | null;
    conflict?: string;
    status?: number;
  }

  async function subjectFormPage(req: FastifyRequest, reply: FastifyReply, editing: Subject | null, state: SubjectFormState) {
    const t = tOf(req);
    const { values, errors } = state;
    const err = (f: string) => errorOf(errors, f);
    const communes = await withCurrent(db, await communeOptions(db), values.adminUnitId, t);
    const title = editing ? t('subject.edit') : t('subject.new');
    const action = editing ? `/doi-tuong/${editing.id}/sua` : '/doi-tuong/moi';
    const summary = sortErrors(errors, SUBJECT_FIELDS).map((e) => ((SUBJECT_FIELDS as readonly string[]).includes(e.field) ? e : { ...e, field: 'kind' }));
    return sendPage(
      req,
      reply,
      config,
      {
        title: editing ? `${title}: ${editing.name}` : title,
        status: state.status ?? (errors.length ? 400 : 200),
        hasErrors: errors.length > 0 || Boolean(state.conflict),
        breadcrumbs: crumbs(t, ...(editing ? [{ href: `/doi-tuong/${editing.id}`, label: editing.name }] : []), { label: title }),
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {state.conflict ? (
            <ConflictSummary title={t('subject.conflictTitle')} message={state.conflict} hint={t('subject.conflictHint')} />
          ) : (
            <ErrorSummary errors={summary} t={t} />
          )}
          {editing ? <span class="govuk-caption-l">{editing.name}</span> : null}
          <h1 class="govuk-heading-l">{title}</h1>
          {state.existing ? (
            <InsetText>
              <a class="govuk-link" href={`/doi-tuong/${state.existing.id}`}>
                {t('subject.existing', { name: state.existing.name })}
              </a>
            </InsetText>
          ) : null}
          <form method="post" action={action} novalidate>
            <CsrfField token={req.csrfToken()} />
            {editing ? <input type="hidden" name="version" value={String(editing.version)} /> : null}
            <Radios
              name="kind"
              legend={t('subject.kindLegend')}
              legendSize="s"
              items={SUBJECT_KINDS.map((k) => ({ value: k, label: t(`subject.kind.${k}`) }))}
              value={values.kind}
              error={err('kind')}
              t={t}
            />
            <TextInput name="name" label={t('subject.name')} value={values.name} error={err('name')} autocomplete="off" spellcheck={false} t={t} />
            <TextInput
              name="taxCode"
              label={t('subject.taxCode')}
              hint={t('subject.taxCode.hint')}
              value={values.taxCode}
              error={err('taxCode')}
              width={20}
              spellcheck={false}
              autocomplete="off"
              t={t}
            />
            <TextInput
              name="idNumber"
              label={t('subject.idNumber')}
              hint={t('subject.idNumber.hint')}
              value={values.idNumber}
              error={err('idNumber')}
              inputmode="numeric"
              width={20}
              optional
              spellcheck={false}
              autocomplete="off"
              t={t}
            />
            <TextInput name="representative" label={t('subject.representative')} value={values.representative} error={err('representative')} optional autocomplete="off" t={t} />
            <TextInput name="address" label={t('subject.address')} value={values.address} error={err('address')} optional autocomplete="off" t={t} />
            <Select
              name="adminUnitId"
              label={t('subject.commune')}
              hint={t('subject.commune.hint')}
              options={communes}
              value={values.adminUnitId}
              emptyOption
              optional
              error={err('adminUnitId')}
              t={t}
            />
            <TextInput name="phone" type="tel" label={t('subject.phone')} value={values.phone} error={err('phone')} width={20} optional autocomplete="off" t={t} />
            <Select name="sector" label={t('subject.sector')} options={sectorOptions(t)} value={values.sector} emptyOption optional error={err('sector')} t={t} />
            <Button preventDoubleClick>{editing ? t('subject.saveChanges') : t('subject.save')}</Button>
          </form>
        </div>
      </div>,
    );
  }

  /** Checks of a subject form that need the database: the commune is one of today's (or the one the record holds). */
  async function communeErrors(t: T, v: SubjectValues | FacilityValues, keep?: number | null): Promise<FieldError[]> {
    if (!v.adminUnitId) return [];
    const id = positiveInt(v.adminUnitId);
    if (id && id === keep) return [];
    const communes = await communeOptions(db);
    return id && communes.some((c) => c.value === String(id)) ? [] : [{ field: 'adminUnitId', message: t('subject.commune.invalid') }];
  }

  /** The subject already holding the identifier a refused form typed, for the link to it. */
  async function existingFor(errors: FieldError[], v: SubjectValues, selfId?: number): Promise<Subject | null> {
    if (!errors.some((e) => e.field === 'taxCode' || e.field === 'idNumber')) return null;
    const found = await findSubjectByIdentifier(db, { taxCode: v.taxCode || null, idNumber: v.idNumber || null });
    return found && found.id !== selfId ? found : null;
  }

  app.get('/doi-tuong/moi', { config: WRITE }, async (req, reply) => subjectFormPage(req, reply, null, { values: blankSubject(), errors: [] }));

  app.post('/doi-tuong/moi', { config: WRITE }, async (req, reply) => {
    const t = tOf(req);
    const values = subjectValuesOf((req.body ?? {}) as Body);
    try {
      const errors = await communeErrors(t, values);
      if (errors.length) throw new ValidationError(errors);
      const row = await createSubject(db, actorOf(req), toSubjectInput(values), req.principal!.orgUnitId);
      return redirectWithFlash(req, reply, `/doi-tuong/${row.id}`, t('subject.created', { name: row.name }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return subjectFormPage(req, reply, null, { values, errors: e.fields, existing: await existingFor(e.fields, values) });
    }
  });

  app.get('/doi-tuong/:id/sua', { config: WRITE }, async (req, reply) => {
    const s = await loadSubject((req.params as { id?: string }).id);
    if (s.mergedIntoId !== null) {
      const survivor = await resolveSubject(db, s.id);
      return reply.redirect(`/doi-tuong/${survivor!.id}/sua`, 301);
    }
    return subjectFormPage(req, reply, s, { values: valuesOfSubject(s), errors: [] });
  });

  app.post('/doi-tuong/:id/sua', { config: WRITE }, async (req, reply) => {
    const t = tOf(req);
    const s = await loadSubject((req.params as { id?: string }).id);
    const b = (req.body ?? {}) as Body;
    const values = subjectValuesOf(b);
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      const errors = await communeErrors(t, values, s.adminUnitId);
      if (errors.length) throw new ValidationError(errors);
      const row = await updateSubject(db, actorOf(req), s.id, version, toSubjectInput(values));
      return redirectWithFlash(req, reply, `/doi-tuong/${row.id}`, t('subject.updated', { name: row.name }));
    } catch (e) {
      const fresh = (await getSubject(db, s.id)) ?? s;
      if (e instanceof ValidationError)
        return subjectFormPage(req, reply, { ...fresh, version: version > 0 ? version : fresh.version }, { values, errors: e.fields, existing: await existingFor(e.fields, values, s.id) });
      if (e instanceof ConflictError) return subjectFormPage(req, reply, fresh, { values, errors: [], conflict: e.message, status: 409 });
      throw e;
    }
  });

  /* ---------------------------------------------------------------- the history page */

  interface HistoryState {
    facility?: { values: FacilityValues; errors: FieldError[] };
  }

  async function historyPage(req: FastifyRequest, reply: FastifyReply, h: SubjectHistory, state: HistoryState = {}) {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const s = h.subject;
    const writer = can(p, 'subject.write');
    const [names, communes, map] = await Promise.all([
      adminUnitNames(db, [s.adminUnitId, ...h.facilities.map((f) => f.adminUnitId)]),
      writer ? communeOptions(db) : Promise.resolve([] as Option[]),
      h.facilities.some((f) => f.latitude !== null && f.longitude !== null) ? districtMap() : Promise.resolve(null),
    ]);
    const t0 = h.totals;
    const facilityErrors = state.facility?.errors ?? [];
    const fv = state.facility?.values ?? blankFacility();
    const fid = (f: string) => `facility-${f}`;
    const detailRows: SummaryRow[] = [
      { key: t('subject.kindLegend'), value: t(`subject.kind.${s.kind}`) },
      ...(s.taxCode ? [{ key: t('subject.taxCode'), value: s.taxCode }] : []),
      ...(s.idNumber ? [{ key: t('subject.idNumber'), value: s.idNumber }] : []),
      ...(s.representative && s.kind === 'organisation' ? [{ key: t('subject.representative'), value: s.representative }] : []),
      { key: t('subject.address'), value: addressLine(s.address, s.adminUnitId ? names.get(s.adminUnitId) : undefined) },
      ...(s.phone ? [{ key: t('subject.phone'), value: s.phone }] : []),
      ...(s.sector ? [{ key: t('subject.sector'), value: t(`subject.sector.${s.sector}`) }] : []),
    ];
    if (writer) detailRows[0]!.actions = [{ href: `/doi-tuong/${s.id}/sua`, label: t('subject.editLink'), visuallyHiddenText: t('subject.details') }];
    const totalRows: SummaryRow[] = [
      { key: t('history.total.inspections'), value: formatInteger(t0.inspections, locale) },
      { key: t('history.total.violations'), value: formatInteger(t0.violations, locale) },
      { key: t('history.total.decisions'), value: formatInteger(t0.decisions, locale) },
      { key: t('history.total.fines'), value: formatVnd(t0.finesVnd, locale) },
      { key: t('history.total.paid'), value: formatVnd(t0.paidVnd, locale) },
      { key: t('history.total.outstanding'), value: formatVnd(t0.outstandingVnd, locale) },
      {
        key: t('history.total.overdue'),
        value: t0.overdueVnd > 0 ? <strong class="govuk-!-font-weight-bold">{formatVnd(t0.overdueVnd, locale)}</strong> : formatVnd(t0.overdueVnd, locale),
      },
    ];
    const located = h.facilities.filter((f) => f.latitude !== null && f.longitude !== null) as ((typeof h.facilities)[number] & { latitude: number; longitude: number })[];
    const coord = (v: number | null) => (v === null ? '' : formatNumber(v, 5, locale));
    const csrf = req.csrfToken();
    const facilityForm = (
      <Details summary={t('history.facility.add')} id="them-co-so" open={facilityErrors.length > 0}>
        <form method="post" action={`/doi-tuong/${s.id}/co-so`} novalidate>
          <CsrfField token={csrf} />
          <FacilityFields values={fv} errors={facilityErrors} communes={communes} idOf={fid} t={t} />
          <Button variant="secondary" preventDoubleClick>
            {t('history.facility.save')}
          </Button>
        </form>
      </Details>
    );
    return sendPage(
      req,
      reply,
      config,
      { title: s.name, status: facilityErrors.length ? 400 : 200, hasErrors: facilityErrors.length > 0, breadcrumbs: crumbs(t, { label: s.name }) },
      <>
        <ErrorSummary errors={sortErrors(facilityErrors, FACILITY_FIELDS).map((e) => ({ ...e, field: fid((FACILITY_FIELDS as readonly string[]).includes(e.field) ? e.field : 'name') }))} t={t} />
        <span class="govuk-caption-l">{t(`subject.kind.${s.kind}`)}</span>
        <h1 class="govuk-heading-l">{s.name}</h1>
        {h.mergedFromId ? (
          <NotificationBanner type="info" t={t}>
            {t('subject.mergedFrom', { id: h.mergedFromId })}
          </NotificationBanner>
        ) : null}
        <p class="govuk-body">
          <span class="govuk-visually-hidden">{t('history.statusLabel')}: </span>
          <Tag colour={complianceColour(h.status)}>{t(`history.status.${h.status}`)}</Tag>
        </p>
        <p class="govuk-body" id="status-explanation">
          {t(`history.explain.${h.status}`)}
        </p>
        {h.hidden.entries > 0 ? (
          <InsetText>
            {h.hidden.inspections > 0
              ? t('history.hidden', { inspections: formatInteger(h.hidden.inspections, locale), entries: formatInteger(h.hidden.entries, locale) })
              : t('history.hiddenOther', { entries: formatInteger(h.hidden.entries, locale) })}
          </InsetText>
        ) : null}
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('subject.details')}</h2>
            <SummaryList rows={detailRows} />
          </div>
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('history.totals')}</h2>
            <SummaryList rows={totalRows} />
          </div>
        </div>
        <Table
          t={t}
          id="facilities"
          caption={t('history.facilities')}
          rows={h.facilities}
          empty={{ title: t('history.facilities.none') }}
          columns={[
            { key: 'name', label: t('history.facility.name') },
            {
              key: 'address',
              label: t('history.facility.address'),
              render: (f) => addressLine(f.address, f.adminUnitId ? names.get(f.adminUnitId) : undefined),
            },
            { key: 'sector', label: t('history.facility.sector'), render: (f) => (f.sector ? t(`subject.sector.${f.sector}`) : '—') },
            {
              key: 'coordinates',
              label: t('history.facility.coordinates'),
              nowrap: true,
              render: (f) => (f.latitude !== null && f.longitude !== null ? `${coord(f.latitude)}; ${coord(f.longitude)}` : '—'),
            },
            ...(writer
              ? [
                  {
                    key: 'edit',
                    label: t('history.facility.edit'),
                    labelHidden: true,
                    render: (f: (typeof h.facilities)[number]) => (
                      <a class="govuk-link" href={`/doi-tuong/${s.id}/co-so/${f.id}/sua`}>
                        {t('history.facility.edit')}
                        <span class="govuk-visually-hidden"> {f.name}</span>
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {map && located.length ? (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
              <FacilityMap map={map} facilities={located} t={t} locale={locale} />
            </div>
          </div>
        ) : null}
        {writer ? facilityForm : null}
        <Table<HistoryEntry>
          t={t}
          id="timeline"
          caption={t('history.timeline')}
          rows={h.entries}
          empty={{ title: t('history.timeline.empty') }}
          columns={[
            { key: 'date', label: t('history.col.date'), nowrap: true, render: (e) => formatDate(e.date, locale) },
            { key: 'kind', label: t('history.col.kind'), render: (e) => entryKindLabel(t, e.kind) },
            {
              key: 'title',
              label: t('history.col.what'),
              render: (e) => (
                <>
                  {e.href ? (
                    <a class="govuk-link" href={e.href}>
                      {e.title}
                    </a>
                  ) : (
                    e.title
                  )}
                  {e.detail ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{e.detail}</div> : null}
                </>
              ),
            },
            { key: 'amountVnd', label: t('history.col.amount'), numeric: true, nowrap: true, render: (e) => (e.amountVnd !== undefined ? formatVnd(e.amountVnd, locale) : '') },
            { key: 'tag', label: t('history.col.status'), render: (e) => (e.tag ? <Tag colour={tagColour(e.tag.colour)}>{e.tag.text}</Tag> : '') },
          ]}
        />
      </>,
    );
  }

  app.get('/doi-tuong/:id', { config: READ }, async (req, reply) => {
    const s = await loadSubject((req.params as { id?: string }).id);
    if (s.mergedIntoId !== null) {
      const survivor = await resolveSubject(db, s.id);
      return reply.redirect(`/doi-tuong/${survivor!.id}`, 301);
    }
    const h = await subjectHistory(db, s.id, req.principal!.scope, todayVn());
    if (!h) throw new NotFoundError();
    return historyPage(req, reply, h);
  });

  app.post('/doi-tuong/:id/co-so', { config: WRITE }, async (req, reply) => {
    const t = tOf(req);
    const s = await loadSubject((req.params as { id?: string }).id);
    const values = facilityValuesOf((req.body ?? {}) as Body);
    try {
      if (s.mergedIntoId !== null) throw ValidationError.one('name', t('subject.mergedGone'));
      const { input, errors } = toFacilityInput(values, t);
      errors.push(...(await communeErrors(t, values)));
      if (errors.length) throw new ValidationError(errors);
      const row = await addFacility(db, actorOf(req), s.id, input);
      return redirectWithFlash(req, reply, `/doi-tuong/${s.id}#facilities`, t('history.facility.added', { name: row.name }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const h = await subjectHistory(db, s.id, req.principal!.scope, todayVn());
      if (!h) throw new NotFoundError();
      return historyPage(req, reply, h, { facility: { values, errors: e.fields } });
    }
  });

  async function facilityEditPage(req: FastifyRequest, reply: FastifyReply, s: Subject, facilityId: number, values: FacilityValues, errors: FieldError[]) {
    const t = tOf(req);
    const communes = await withCurrent(db, await communeOptions(db), values.adminUnitId, t);
    const name = (await facilitiesOf(db, s.id)).find((f) => f.id === facilityId)?.name ?? values.name;
    const title = t('history.facility.editTitle', { name });
    return sendPage(
      req,
      reply,
      config,
      { title, status: errors.length ? 400 : 200, hasErrors: errors.length > 0, breadcrumbs: crumbs(t, { href: `/doi-tuong/${s.id}`, label: s.name }, { label: title }) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={sortErrors(errors, FACILITY_FIELDS).map((e) => ({ ...e, field: (FACILITY_FIELDS as readonly string[]).includes(e.field) ? e.field : 'name' }))} t={t} />
          <span class="govuk-caption-l">{s.name}</span>
          <h1 class="govuk-heading-l">{title}</h1>
          <form method="post" action={`/doi-tuong/${s.id}/co-so/${facilityId}/sua`} novalidate>
            <CsrfField token={req.csrfToken()} />
            <FacilityFields values={values} errors={errors} communes={communes} idOf={(f) => f} t={t} />
            <Button preventDoubleClick>{t('history.facility.save')}</Button>
          </form>
        </div>
      </div>,
    );
  }

  async function loadFacility(req: FastifyRequest) {
    const params = req.params as { id?: string; facilityId?: string };
    const s = await loadSubject(params.id);
    const fid = positiveInt(params.facilityId);
    const f = fid ? (await facilitiesOf(db, s.id)).find((x) => x.id === fid) : undefined;
    if (!f) throw new NotFoundError();
    return { s, f };
  }

  app.get('/doi-tuong/:id/co-so/:facilityId/sua', { config: WRITE }, async (req, reply) => {
    const { s, f } = await loadFacility(req);
    const values: FacilityValues = {
      name: f.name,
      address: f.address ?? '',
      adminUnitId: f.adminUnitId ? String(f.adminUnitId) : '',
      latitude: f.latitude === null ? '' : String(f.latitude),
      longitude: f.longitude === null ? '' : String(f.longitude),
      sector: f.sector ?? '',
    };
    return facilityEditPage(req, reply, s, f.id, values, []);
  });

  app.post('/doi-tuong/:id/co-so/:facilityId/sua', { config: WRITE }, async (req, reply) => {
    const t = tOf(req);
    const { s, f } = await loadFacility(req);
    const values = facilityValuesOf((req.body ?? {}) as Body);
    try {
      const { input, errors } = toFacilityInput(values, t);
      errors.push(...(await communeErrors(t, values, f.adminUnitId)));
      if (errors.length) throw new ValidationError(errors);
      const row = await updateFacility(db, actorOf(req), f.id, input);
      return redirectWithFlash(req, reply, `/doi-tuong/${s.id}#facilities`, t('history.facility.updated', { name: row.name }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return facilityEditPage(req, reply, s, f.id, values, e.fields);
    }
  });

  /* ---------------------------------------------------------------- duplicates and merge */

  const subjectCell = (s: SubjectSummary, names: Map<number, string>, t: T, locale: 'vi' | 'en') => (
    <>
      <a class="govuk-link" href={`/doi-tuong/${s.id}`}>
        {s.name}
      </a>
      <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">
        {[
          `${t('subject.kindLegend')}: ${t(`subject.kind.${s.kind}`)}`,
          s.taxCode ? `${t('subject.taxCode')} ${s.taxCode}` : null,
          s.idNumber ? `CCCD ${s.idNumber}` : null,
          s.adminUnitId ? names.get(s.adminUnitId) : null,
          `${t('merge.confirm.inspections')}: ${formatInteger(s.inspectionCount, locale)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </>
  );

  app.get('/doi-tuong/gop', { config: MERGE }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const { candidates, related } = await duplicateCandidates(db, { limit: 200 });
    const names = await adminUnitNames(
      db,
      [...candidates, ...related].flatMap((c) => [c.a.adminUnitId, c.b.adminUnitId]),
    );
    type Candidate = (typeof candidates)[number];
    type Related = (typeof related)[number];
    return sendPage(
      req,
      reply,
      config,
      { title: t('merge.title'), breadcrumbs: crumbs(t, { label: t('merge.title') }) },
      <>
        <h1 class="govuk-heading-l">{t('merge.title')}</h1>
        <p class="govuk-body">{t('merge.intro')}</p>
        <Table<Candidate>
          t={t}
          id="candidates"
          caption={t('merge.caption', { count: formatInteger(candidates.length, locale) })}
          rows={candidates}
          empty={{ title: t('merge.none') }}
          columns={[
            { key: 'a', label: t('merge.col.a'), render: (c) => subjectCell(c.a, names, t, locale) },
            { key: 'b', label: t('merge.col.b'), render: (c) => subjectCell(c.b, names, t, locale) },
            { key: 'reason', label: t('merge.col.reason'), render: (c) => c.explanation },
            {
              key: 'action',
              label: t('merge.col.action'),
              render: (c) => {
                const keep = c.suggestedSurvivorId;
                const drop = keep === c.a.id ? c.b.id : c.a.id;
                return (
                  <a class="govuk-link" href={`/doi-tuong/gop/xac-nhan?giu=${keep}&bo=${drop}`}>
                    {t('merge.compare')}
                    <span class="govuk-visually-hidden">
                      {' '}
                      {c.a.name} – {c.b.name}
                    </span>
                  </a>
                );
              },
            },
          ]}
        />
        <Table<Related>
          t={t}
          id="related"
          caption={t('merge.related')}
          rows={related}
          empty={{ title: t('merge.related.none') }}
          columns={[
            { key: 'a', label: t('merge.col.a'), render: (c) => subjectCell(c.a, names, t, locale) },
            { key: 'b', label: t('merge.col.b'), render: (c) => subjectCell(c.b, names, t, locale) },
            { key: 'reason', label: t('merge.col.reason'), render: (c) => c.explanation },
          ]}
        />
      </>,
    );
  });

  async function mergeConfirmPage(req: FastifyRequest, reply: FastifyReply, keepId: number | undefined, dropId: number | undefined, errors: FieldError[] = [], status?: number) {
    const t = tOf(req);
    const locale = req.locale;
    const [keep, drop] = await Promise.all([keepId ? getSubject(db, keepId) : null, dropId ? getSubject(db, dropId) : null]);
    if (!keep || !drop) throw new NotFoundError();
    const bad = keep.id === drop.id || keep.mergedIntoId !== null || drop.mergedIntoId !== null;
    const [counts, names] = await Promise.all([
      Promise.all([keep, drop].map(async (s) => ({ facilities: (await facilitiesOf(db, s.id)).length, history: await subjectHistory(db, s.id, null, todayVn()) }))),
      adminUnitNames(db, [keep.adminUnitId, drop.adminUnitId]),
    ]);
    const text = (s: Subject, k: (typeof SUBJECT_FIELDS)[number]): string => {
      const v = s[k];
      if (v === null || v === '') return '';
      if (k === 'kind') return t(`subject.kind.${v}`);
      if (k === 'sector') return t(`subject.sector.${v}`);
      if (k === 'adminUnitId') return names.get(Number(v)) ?? String(v);
      return String(v);
    };
    const label: Record<(typeof SUBJECT_FIELDS)[number], string> = {
      kind: t('subject.kindLegend'),
      name: t('subject.col.name'),
      taxCode: t('subject.taxCode'),
      idNumber: t('subject.idNumber'),
      representative: t('subject.representative'),
      address: t('subject.address'),
      adminUnitId: t('subject.commune'),
      phone: t('subject.phone'),
      sector: t('subject.sector'),
    };
    type Cmp = { field: string; keep: string; drop: string; result: string };
    const rows: Cmp[] = SUBJECT_FIELDS.map((k) => {
      const a = text(keep, k);
      const b = text(drop, k);
      return { field: label[k], keep: a || '—', drop: b || '—', result: a || b || '—' };
    });
    const [ck, cd] = counts;
    rows.push({
      field: t('history.facilities'),
      keep: formatInteger(ck!.facilities, locale),
      drop: formatInteger(cd!.facilities, locale),
      result: formatInteger(ck!.facilities + cd!.facilities, locale),
    });
    const insp = (x: (typeof counts)[number]) => x.history?.totals.inspections ?? 0;
    rows.push({
      field: t('merge.confirm.inspections'),
      keep: formatInteger(insp(ck!), locale),
      drop: formatInteger(insp(cd!), locale),
      result: formatInteger(insp(ck!) + insp(cd!), locale),
    });
    const title = t('merge.confirm.title');
    return sendPage(
      req,
      reply,
      config,
      { title, status: status ?? (errors.length || bad ? 400 : 200), hasErrors: errors.length > 0, breadcrumbs: crumbs(t, { href: '/doi-tuong/gop', label: t('merge.title') }, { label: title }) },
      <>
        <ErrorSummary errors={errors.map((e) => ({ field: 'gop', message: e.message }))} title={t('merge.conflictTitle')} t={t} />
        <h1 class="govuk-heading-l">{title}</h1>
        <Table<Cmp>
          t={t}
          id="compare"
          caption={title}
          captionHidden
          rows={rows}
          firstCellIsHeader
          columns={[
            { key: 'field', label: t('merge.confirm.field') },
            { key: 'keep', label: t('merge.confirm.survivor', { id: keep.id }) },
            { key: 'drop', label: t('merge.confirm.duplicate', { id: drop.id }) },
            { key: 'result', label: t('merge.confirm.result') },
          ]}
        />
        <p class="govuk-body">
          <a class="govuk-link" href={`/doi-tuong/gop/xac-nhan?giu=${drop.id}&bo=${keep.id}`}>
            {t('merge.confirm.swap', { id: drop.id })}
          </a>
        </p>
        {bad ? (
          <WarningText t={t}>{t('merge.confirm.bad')}</WarningText>
        ) : (
          <form method="post" action={`/doi-tuong/gop/xac-nhan?giu=${keep.id}&bo=${drop.id}`} novalidate id="gop">
            <CsrfField token={req.csrfToken()} />
            <input type="hidden" name="version" value={String(keep.version)} />
            <input type="hidden" name="duplicateVersion" value={String(drop.version)} />
            <WarningText t={t}>{t('merge.confirm.warning', { dup: drop.id, keep: keep.id })}</WarningText>
            <Button variant="warning" preventDoubleClick>
              {t('merge.confirm.button')}
            </Button>
          </form>
        )}
      </>,
    );
  }

  const mergeIds = (req: FastifyRequest) => {
    const q = (req.query ?? {}) as QueryParams;
    return { keep: positiveInt(firstParam(q, 'giu')), drop: positiveInt(firstParam(q, 'bo')) };
  };

  app.get('/doi-tuong/gop/xac-nhan', { config: MERGE }, async (req, reply) => {
    const { keep, drop } = mergeIds(req);
    return mergeConfirmPage(req, reply, keep, drop);
  });

  app.post('/doi-tuong/gop/xac-nhan', { config: MERGE }, async (req, reply) => {
    const t = tOf(req);
    const { keep, drop } = mergeIds(req);
    const b = (req.body ?? {}) as Body;
    if (!keep || !drop) throw new NotFoundError();
    try {
      const r = await mergeSubjects(db, actorOf(req), {
        survivorId: keep,
        duplicateId: drop,
        version: positiveInt(one(b, 'version')) ?? -1,
        duplicateVersion: positiveInt(one(b, 'duplicateVersion')) ?? -1,
      });
      return redirectWithFlash(req, reply, `/doi-tuong/${r.survivor.id}`, t('merge.done', { dup: drop, name: r.survivor.name }));
    } catch (e) {
      if (e instanceof ValidationError) return mergeConfirmPage(req, reply, keep, drop, e.fields);
      if (e instanceof ConflictError) return mergeConfirmPage(req, reply, keep, drop, [{ field: 'gop', message: e.message }], 409);
      throw e;
    }
  });

  /* ---------------------------------------------------------------- JSON API */

  const ListQuery = z.object({
    q: z.string().max(100).optional(),
    kind: z.enum(SUBJECT_KINDS).optional(),
    sector: z.enum(SECTORS).optional(),
    adminUnitId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional(),
    page: z.coerce.number().int().positive().max(100_000).optional(),
    pageSize: z.coerce.number().int().positive().max(200).optional(),
  });
  const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

  app.get(
    '/api/v1/subjects',
    { config: READ, schema: { tags: ['inspections'], summary: 'Search the subject registry (merged subjects excluded)', querystring: ListQuery } },
    async (req) => {
      const q = req.query as z.infer<typeof ListQuery>;
      const r = await searchSubjects(db, { ...q, pageSize: q.pageSize ?? PAGE_SIZE });
      return {
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        items: r.rows.map((s) => ({ ...subjectJson(s), facilityCount: s.facilityCount, latestInspectionOn: s.latestInspectionOn })),
      };
    },
  );

  app.get(
    '/api/v1/subjects/:id/history',
    {
      config: READ,
      schema: {
        tags: ['inspections'],
        summary: 'The history of a subject within the caller’s scope: entries newest first, totals, compliance status (a merged id answers with its survivor)',
        params: IdParams,
      },
    },
    async (req) => {
      const h = await subjectHistory(db, (req.params as { id: number }).id, req.principal!.scope, todayVn());
      if (!h) throw new NotFoundError();
      return {
        subject: subjectJson(h.subject),
        mergedFromId: h.mergedFromId,
        status: h.status,
        statusLabel: tOf(req)(`history.status.${h.status}`),
        totals: h.totals,
        hidden: h.hidden,
        facilities: h.facilities.map((f) => ({ id: f.id, name: f.name, address: f.address, adminUnitId: f.adminUnitId, latitude: f.latitude, longitude: f.longitude, sector: f.sector })),
        entries: h.entries,
      };
    },
  );
}

function subjectJson(s: Subject) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    taxCode: s.taxCode,
    idNumber: s.idNumber,
    representative: s.representative,
    address: s.address,
    adminUnitId: s.adminUnitId,
    phone: s.phone,
    sector: s.sector,
    version: s.version,
  };
}

/** The fields of a facility form; `idOf` gives each field's id (prefixed on the history page, which has other forms). */
function FacilityFields(props: { values: FacilityValues; errors: FieldError[]; communes: Option[]; idOf: (f: string) => string; t: T }): ComponentChildren {
  const { values, errors, communes, idOf, t } = props;
  const err = (f: string) => errorOf(errors, f);
  return (
    <>
      <TextInput name="name" id={idOf('name')} label={t('history.facility.name')} value={values.name} error={err('name')} autocomplete="off" t={t} />
      <TextInput name="address" id={idOf('address')} label={t('history.facility.address')} value={values.address} error={err('address')} optional autocomplete="off" t={t} />
      <Select
        name="adminUnitId"
        id={idOf('adminUnitId')}
        label={t('history.facility.commune')}
        options={communes}
        value={values.adminUnitId}
        emptyOption
        optional
        error={err('adminUnitId')}
        t={t}
      />
      <p class="govuk-body govuk-!-margin-bottom-1">
        <strong>{t('history.facility.coordinates')}</strong>
      </p>
      <p class="govuk-hint">{t('history.facility.coordinatesHint')}</p>
      <TextInput name="latitude" id={idOf('latitude')} label={t('history.facility.latitude')} value={values.latitude} error={err('latitude')} inputmode="decimal" width={10} optional t={t} />
      <TextInput name="longitude" id={idOf('longitude')} label={t('history.facility.longitude')} value={values.longitude} error={err('longitude')} inputmode="decimal" width={10} optional t={t} />
      <Select name="sector" id={idOf('sector')} label={t('history.facility.sector')} options={sectorOptions(t)} value={values.sector} emptyOption optional error={err('sector')} t={t} />
    </>
  );
}
