import type { FastifyInstance, FastifyRequest } from 'fastify';
import { vnIsoDate } from '../../core/calendar/index.js';
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../../core/access.js';
import { compareVi, formatDate, formatInteger } from '../../core/format/index.js';
import { type AppContext, type AppModule, actorOf, authorizeRecord } from '../../core/http.js';
import { ValidationError, type FieldError, NotFoundError } from '../../core/errors.js';
import { addNavItems, sendPage, tOf } from '../../core/render.js';
import { type Locale, type T, addMessages } from '../../core/i18n/index.js';
import {
  Button,
  currentSort,
  Checkboxes,
  CsrfField,
  DateInput,
  EmptyState,
  ErrorSummary,
  Select,
  SummaryList,
  Table,
  Tag,
  TextInput,
} from '../../ui/index.js';
import { loadAdministrativeUnits } from './admin-data.js';
import { registerOrgCli } from './cli.js';
import { orgDemo } from './demo.js';
import './messages.js';
import { loadOrgUnits } from './org-data.js';
import './policies.js';
import {
  type AdminTreeNode,
  adminTreeAsOf,
  findAdminUnitByCode,
  adminUnitSuccessors,
  orgTreeAsOf,
  type OrgTreeNode,
} from './queries.js';
import { createUser, getUser, listUsers, setUserActive } from './user-commands.js';
import { orgUnits } from './schema.js';

addMessages({
  vi: { 'org.childUnits': '{count} đơn vị trực thuộc', 'org.until': 'đến {date}' },
  en: { 'org.childUnits': '{count} subordinate units', 'org.until': 'until {date}' },
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const todayVn = () => vnIsoDate(new Date());

function dateParam(v: unknown): string {
  return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : todayVn();
}

export const orgModule: AppModule = {
  name: 'org',
  nav: [
    { href: '/to-chuc', label: 'nav.org', action: 'org.read' },
    { href: '/quan-tri/nguoi-dung', label: 'nav.users', action: 'user.read' },
  ],
  async reference(database) {
    await loadAdministrativeUnits(database);
    await loadOrgUnits(database);
  },
  demo: orgDemo,
  cli: registerOrgCli,
  register(app: FastifyInstance, ctx: AppContext) {
    addNavItems(orgModule.nav ?? []);
    registerOrgPages(app, ctx);
    registerUserPages(app, ctx);
  },
};

function AdminTree({ nodes, t, locale }: { nodes: AdminTreeNode[]; t: T; locale: Locale }) {
  return (
    <ul class="govuk-list tnmt-tree">
      {nodes.map((n) => (
        <li key={n.id}>
          <span>{n.name}</span> <span class="govuk-hint tnmt-inline">({n.code})</span>
          {n.children.length ? (
            <details class="govuk-details tnmt-tree__children" open={n.level < 2}>
              <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">
                  {t('org.childUnits', { count: formatInteger(n.children.length, locale) })}
                  <span class="govuk-visually-hidden"> – {n.name}</span>
                </span>
              </summary>
              <div class="govuk-details__text">
                <AdminTree nodes={n.children} t={t} locale={locale} />
              </div>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function OrgTree({ nodes }: { nodes: OrgTreeNode[] }) {
  return (
    <ul class="govuk-list tnmt-tree">
      {nodes.map((n) => (
        <li key={n.id}>
          {n.name} <span class="govuk-hint tnmt-inline">({n.code})</span>
          {n.children.length ? <OrgTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function registerOrgPages(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  app.get('/to-chuc', { config: { access: { action: 'org.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const q = (req.query ?? {}) as Record<string, string>;
    const date = dateParam(q.ngay);
    const [orgTree, adminTree] = await Promise.all([orgTreeAsOf(database.db, date), adminTreeAsOf(database.db, date)]);
    const code = (q.ma ?? '').trim();
    const found = code ? await findAdminUnitByCode(database.db, code, date) : null;
    const successors = found ? await adminUnitSuccessors(database.db, found.id) : [];
    return sendPage(
      req,
      reply,
      config,
      { title: t('org.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('org.title') }] },
      <>
        <h1 class="govuk-heading-l">{t('org.title')}</h1>
        <form method="get" action="/to-chuc" class="tnmt-filter" novalidate>
          <div class="tnmt-filter__fields">
            <DateInput name="ngay" label={t('org.asOf')} value={date} t={t} />
            <TextInput name="ma" label={t('org.codeLookup')} hint={t('org.codeLookupHint')} value={code} inputmode="numeric" spellcheck={false} t={t} />
          </div>
          <div class="govuk-button-group tnmt-filter__actions">
            <Button variant="secondary">{t('org.show')}</Button>
          </div>
        </form>
        {code ? (
          found ? (
            <SummaryList
              rows={[
                { key: t('org.code'), value: found.code },
                { key: t('org.name'), value: found.name },
                { key: t('org.valid'), value: `${formatDate(found.validFrom)} – ${found.validTo ? formatDate(found.validTo) : '…'}` },
                {
                  key: t('org.successors'),
                  value: successors.length ? successors.map((s) => `${s.name} (${s.code}, ${formatDate(s.effectiveOn)})`).join('; ') : '—',
                },
              ]}
            />
          ) : (
            <p class="govuk-body">{t('org.codeNotFound', { code, date: formatDate(date) })}</p>
          )
        ) : null}
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('org.orgUnits', { date: formatDate(date) })}</h2>
            {orgTree.length ? <OrgTree nodes={orgTree} /> : <EmptyState t={t} />}
          </div>
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('org.adminUnits', { date: formatDate(date) })}</h2>
            {adminTree.length ? <AdminTree nodes={adminTree} t={t} locale={req.locale} /> : <EmptyState t={t} />}
          </div>
        </div>
      </>,
    );
  });

  const TreeQuery = z.object({
    date: z.string().regex(ISO_DATE, 'YYYY-MM-DD').optional(),
    root: z.string().max(20).optional(),
  });
  app.get(
    '/api/v1/admin-units',
    {
      config: { access: { action: 'org.read' } },
      schema: { tags: ['org'], summary: 'Tree of administrative units valid on a date', querystring: TreeQuery },
    },
    async (req) => {
      const q = req.query as z.infer<typeof TreeQuery>;
      return adminTreeAsOf(database.db, q.date ?? todayVn(), q.root);
    },
  );
  app.get(
    '/api/v1/admin-units/:code',
    {
      config: { access: { action: 'org.read' } },
      schema: {
        tags: ['org'],
        summary: 'The administrative unit with a GSO code on a date (codes are reused after mergers)',
        params: z.object({ code: z.string().max(20) }),
        querystring: TreeQuery.pick({ date: true }),
      },
    },
    async (req) => {
      const { code } = req.params as { code: string };
      const date = (req.query as { date?: string }).date ?? todayVn();
      const unit = await findAdminUnitByCode(database.db, code, date);
      if (!unit) throw new NotFoundError();
      return { ...unit, successors: await adminUnitSuccessors(database.db, unit.id) };
    },
  );
  app.get(
    '/api/v1/org-units',
    {
      config: { access: { action: 'org.read' } },
      schema: { tags: ['org'], summary: 'Tree of org units valid on a date', querystring: TreeQuery },
    },
    async (req) => {
      const q = req.query as z.infer<typeof TreeQuery>;
      return orgTreeAsOf(database.db, q.date ?? todayVn(), q.root);
    },
  );
}

interface UserFormValues {
  username?: string;
  fullName?: string;
  email?: string;
  orgUnitCode?: string;
  roles?: string[];
}

function registerUserPages(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;

  /** Org units the user may add people to: current ones first, then those that have ended (marked with their end date). */
  const unitsInScope = async (req: FastifyRequest) => {
    const t = tOf(req);
    const today = todayVn();
    const rows = await database.db.select().from(orgUnits);
    const ended = (u: (typeof rows)[number]) => (u.validTo !== null && String(u.validTo).slice(0, 10) <= today ? 1 : 0);
    return rows
      .filter((u) => req.principal!.scope.has(u.id))
      .sort((a, b) => ended(a) - ended(b) || a.code.localeCompare(b.code))
      .map((u) => ({
        value: u.code,
        label: `${u.name} (${u.code}${u.validTo ? `, ${t('org.until', { date: formatDate(u.validTo, req.locale) })}` : ''})`,
        own: u.id === req.principal!.orgUnitId,
      }));
  };

  app.get('/quan-tri/nguoi-dung', { config: { access: { action: 'user.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const query = (req.query ?? {}) as Record<string, string>;
    const sort = currentSort(query, { key: 'username', dir: 'asc' })!;
    const sortKey = (['username', 'fullName', 'orgUnitName'] as const).find((k) => k === sort.key) ?? 'username';
    const rows = (await listUsers(database.db, req.principal!.scope)).sort(
      (a, b) => (sort.dir === 'desc' ? -1 : 1) * compareVi(a[sortKey], b[sortKey]),
    );
    const mayManage = req.principal!.roles.includes('admin');
    return sendPage(
      req,
      reply,
      config,
      { title: t('users.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('users.title') }] },
      <>
        <h1 class="govuk-heading-l">{t('users.title')}</h1>
        {mayManage ? <Button href="/quan-tri/nguoi-dung/moi">{t('users.add')}</Button> : null}
        <Table
          t={t}
          caption={t('users.count', { count: formatInteger(rows.length, req.locale) })}
          rows={rows}
          basePath="/quan-tri/nguoi-dung"
          query={query}
          defaultSort={{ key: 'username', dir: 'asc' }}
          columns={[
            {
              key: 'username',
              label: t('auth.username'),
              sortable: true,
              nowrap: true,
              render: (r) => (
                <a class="govuk-link" href={`/quan-tri/nguoi-dung/${r.id}`}>
                  {r.username}
                </a>
              ),
            },
            { key: 'fullName', label: t('users.fullName'), sortable: true },
            { key: 'orgUnitName', label: t('account.orgUnit'), sortable: true },
            { key: 'roles', label: t('account.roles'), render: (r) => r.roles.map((x) => ROLE_LABELS[x as keyof typeof ROLE_LABELS]?.[req.locale] ?? x).join(', ') },
            {
              key: 'active',
              label: t('users.status'),
              nowrap: true,
              render: (r) => (r.active ? <Tag colour="green">{t('users.active')}</Tag> : <Tag colour="grey">{t('users.disabled')}</Tag>),
            },
          ]}
        />
      </>,
    );
  });

  /** the form's fields in page order: the error summary lists problems in this order */
  const NEW_USER_FIELDS = ['username', 'fullName', 'email', 'orgUnit', 'roles', 'password'];
  const newUserForm = async (req: FastifyRequest, values: UserFormValues, errors: FieldError[]) => {
    const t = tOf(req);
    const err = (f: string) => errors.filter((e) => e.field === f).map((e) => e.message).join('. ') || undefined;
    const rank = (e: FieldError) => {
      const i = NEW_USER_FIELDS.indexOf(e.field);
      return i < 0 ? NEW_USER_FIELDS.length : i;
    };
    const units = await unitsInScope(req);
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={[...errors].sort((a, b) => rank(a) - rank(b))} t={t} />
          <h1 class="govuk-heading-l">{t('users.add')}</h1>
          <form method="post" action="/quan-tri/nguoi-dung" novalidate>
            <CsrfField token={req.csrfToken()} />
            <TextInput name="username" label={t('auth.username')} hint={t('users.usernameHint')} value={values.username} error={err('username')} spellcheck={false} autocomplete="off" t={t} />
            <TextInput name="fullName" label={t('users.fullName')} value={values.fullName} error={err('fullName')} t={t} />
            <TextInput name="email" type="email" label={t('users.email')} optional value={values.email} error={err('email')} t={t} />
            <Select
              name="orgUnit"
              label={t('account.orgUnit')}
              options={units}
              value={values.orgUnitCode ?? units.find((u) => u.own)?.value}
              error={err('orgUnit')}
              t={t}
            />
            <Checkboxes
              name="roles"
              legend={t('account.roles')}
              items={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][req.locale], checked: values.roles?.includes(r) }))}
              error={err('roles')}
              t={t}
            />
            <TextInput name="password" type="password" label={t('auth.password')} hint={t('account.newPasswordHint')} value="" error={err('password')} autocomplete="new-password" t={t} />
            <Button>{t('users.create')}</Button>
          </form>
        </div>
      </div>
    );
  };
  const newUserCrumbs = (req: FastifyRequest) => {
    const t = tOf(req);
    return [{ href: '/', label: t('nav.home') }, { href: '/quan-tri/nguoi-dung', label: t('users.title') }, { label: t('users.add') }];
  };

  app.get('/quan-tri/nguoi-dung/moi', { config: { access: { action: 'user.manage' } } }, async (req, reply) =>
    sendPage(req, reply, config, { title: tOf(req)('users.add'), breadcrumbs: newUserCrumbs(req) }, await newUserForm(req, {}, [])),
  );

  app.post('/quan-tri/nguoi-dung', { config: { access: { action: 'user.manage' } } }, async (req, reply) => {
    const t = tOf(req);
    const b = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const one = (k: string) => (Array.isArray(b[k]) ? String(b[k]![0]) : String(b[k] ?? ''));
    const values: UserFormValues = {
      username: one('username'),
      fullName: one('fullName'),
      email: one('email'),
      orgUnitCode: one('orgUnit'),
      roles: Array.isArray(b.roles) ? b.roles : b.roles ? [b.roles] : [],
    };
    try {
      const units = await unitsInScope(req);
      if (!units.some((u) => u.value === values.orgUnitCode)) throw ValidationError.one('orgUnit', t('users.unitOutOfScope'));
      const u = await createUser(database, actorOf(req), {
        username: values.username!,
        fullName: values.fullName!,
        email: values.email || null,
        password: one('password'),
        orgUnitCode: values.orgUnitCode!,
        roles: values.roles!,
      });
      req.session.flash = { kind: 'success', text: t('users.created', { username: u.username }) };
      return reply.redirect(`/quan-tri/nguoi-dung/${u.id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return sendPage(req, reply, config, { title: t('users.add'), status: 400, hasErrors: true, breadcrumbs: newUserCrumbs(req) }, await newUserForm(req, values, e.fields));
    }
  });

  const IdParams = z.object({ id: z.coerce.number().int().positive() });
  const loadUserInScope = async (req: FastifyRequest, action: string) => {
    const parsed = IdParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError();
    const user = await getUser(database.db, parsed.data.id);
    if (!user) throw new NotFoundError();
    await authorizeRecord(req, database, action, user.orgUnitId, { entity: 'user', entityId: user.id });
    return user;
  };

  app.get('/quan-tri/nguoi-dung/:id', { config: { access: { action: 'user.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const u = await loadUserInScope(req, 'user.read');
    const mayManage = req.principal!.roles.includes('admin');
    return sendPage(
      req,
      reply,
      config,
      {
        title: u.fullName,
        breadcrumbs: [{ href: '/', label: t('nav.home') }, { href: '/quan-tri/nguoi-dung', label: t('users.title') }, { label: u.username }],
      },
      <>
        <h1 class="govuk-heading-l">{u.fullName}</h1>
        <SummaryList
          rows={[
            { key: t('auth.username'), value: u.username },
            { key: t('users.email'), value: u.email ?? '—' },
            { key: t('account.orgUnit'), value: `${u.orgUnitName} (${u.orgUnitCode})` },
            { key: t('account.roles'), value: u.roles.map((x) => ROLE_LABELS[x as keyof typeof ROLE_LABELS]?.[req.locale] ?? x).join(', ') },
            { key: t('users.status'), value: u.active ? t('users.active') : t('users.disabled') },
            { key: t('users.createdAt'), value: formatDate(u.createdAt, req.locale) },
          ]}
        />
        {mayManage ? (
          <form method="post" action={`/quan-tri/nguoi-dung/${u.id}/trang-thai`}>
            <CsrfField token={req.csrfToken()} />
            <input type="hidden" name="active" value={u.active ? 'false' : 'true'} />
            <Button variant={u.active ? 'warning' : 'secondary'}>{u.active ? t('users.disable') : t('users.enable')}</Button>
          </form>
        ) : null}
      </>,
    );
  });

  app.post('/quan-tri/nguoi-dung/:id/trang-thai', { config: { access: { action: 'user.manage' } } }, async (req, reply) => {
    const t = tOf(req);
    const u = await loadUserInScope(req, 'user.manage');
    if (u.id === req.principal!.id) throw ValidationError.one('active', t('users.notSelf'));
    const active = (req.body as Record<string, string> | undefined)?.active === 'true';
    await setUserActive(database, actorOf(req), u.id, active);
    req.session.flash = { kind: 'success', text: active ? t('users.enabled') : t('users.disabledDone') };
    return reply.redirect(`/quan-tri/nguoi-dung/${u.id}`, 303);
  });

  app.get(
    '/api/v1/users',
    { config: { access: { action: 'user.read' } }, schema: { tags: ['users'], summary: 'Users in the caller’s scope' } },
    async (req) => listUsers(database.db, req.principal!.scope),
  );
  app.get(
    '/api/v1/users/:id',
    { config: { access: { action: 'user.read' } }, schema: { tags: ['users'], summary: 'One user (404 outside the caller’s scope)', params: IdParams } },
    async (req) => loadUserInScope(req, 'user.read'),
  );
}
