import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../http.js';
import { formatDateTime, formatInteger } from '../format/index.js';
import { sendPage, tOf } from '../render.js';
import { DateInput, Details, Pagination, Select, Table, TableFilter, Tag, TextInput } from '../../ui/index.js';
import { listAudit } from './index.js';

const AuditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(100).optional(),
  outcome: z.enum(['', 'ok', 'denied', 'failed']).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().or(z.literal('')),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().or(z.literal('')),
  page: z.coerce.number().int().min(1).max(100000).default(1),
});

/** The audit trail, filtered; an admin sees entries of the org units in their scope. */
export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  const query = async (principal: NonNullable<import('fastify').FastifyRequest['principal']>, q: z.infer<typeof AuditQuery>) =>
    listAudit(database.db, {
      action: q.action || undefined,
      actor: q.actor || undefined,
      outcome: q.outcome || undefined,
      from: q.from || undefined,
      to: q.to || undefined,
      page: q.page,
      pageSize: 50,
      orgUnitIds: [...principal.scope],
      includeUnscoped: principal.topLevel,
    });

  app.get('/quan-tri/nhat-ky', { config: { access: { action: 'audit.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const parsed = AuditQuery.safeParse(req.query ?? {});
    const q = parsed.success ? parsed.data : AuditQuery.parse({});
    const result = await query(req.principal!, q);
    const qs = Object.fromEntries(Object.entries(q).filter(([k, v]) => v && k !== 'page').map(([k, v]) => [k, String(v)]));
    return sendPage(
      req,
      reply,
      config,
      { title: t('audit.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('audit.title') }] },
      <>
        <h1 class="govuk-heading-l">{t('audit.title')}</h1>
        <TableFilter action="/quan-tri/nhat-ky" active={Object.keys(qs).length > 0} t={t}>
          <TextInput name="action" label={t('audit.action')} value={q.action ?? ''} spellcheck={false} t={t} />
          <TextInput name="actor" label={t('audit.actor')} value={q.actor ?? ''} spellcheck={false} t={t} />
          <Select
            name="outcome"
            label={t('audit.outcome')}
            value={q.outcome ?? ''}
            options={[
              { value: '', label: t('common.all') },
              { value: 'ok', label: t('audit.outcome.ok') },
              { value: 'denied', label: t('audit.outcome.denied') },
              { value: 'failed', label: t('audit.outcome.failed') },
            ]}
            t={t}
          />
          <DateInput name="from" label={t('audit.from')} value={q.from ?? ''} t={t} />
          <DateInput name="to" label={t('audit.to')} value={q.to ?? ''} t={t} />
        </TableFilter>
        <p class="govuk-body">{t('audit.total', { count: formatInteger(result.total, req.locale) })}</p>
        <Table
          t={t}
          caption={t('audit.title')}
          captionHidden
          rows={result.rows}
          columns={[
            { key: 'at', label: t('audit.at'), nowrap: true, render: (r) => formatDateTime(r.at, req.locale) },
            { key: 'actorName', label: t('audit.actor'), render: (r) => r.actorName ?? '—' },
            { key: 'action', label: t('audit.action'), render: (r) => <code>{r.action}</code> },
            { key: 'entity', label: t('audit.entity'), render: (r) => (r.entity ? `${r.entity} #${r.entityId ?? ''}` : '—') },
            {
              key: 'outcome',
              label: t('audit.outcome'),
              nowrap: true,
              render: (r) => (
                <Tag colour={r.outcome === 'ok' ? 'green' : r.outcome === 'denied' ? 'red' : 'orange'}>{t(`audit.outcome.${r.outcome}`)}</Tag>
              ),
            },
            {
              key: 'detail',
              label: t('audit.detail'),
              render: (r) => (
                <>
                  {r.detail}
                  {r.before || r.after ? (
                    <Details summary={t('audit.changes')}>
                      <pre class="tnmt-json">{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
                    </Details>
                  ) : null}
                </>
              ),
            },
          ]}
        />
        <Pagination page={result.page} pageCount={Math.ceil(result.total / result.pageSize)} basePath="/quan-tri/nhat-ky" query={qs} t={t} />
      </>,
    );
  });

  app.get(
    '/api/v1/audit',
    {
      config: { access: { action: 'audit.read' } },
      schema: { tags: ['audit'], summary: 'Audit trail entries in the caller’s scope, newest first', querystring: AuditQuery },
    },
    async (req) => {
      const result = await query(req.principal!, req.query as z.infer<typeof AuditQuery>);
      return result;
    },
  );
}

