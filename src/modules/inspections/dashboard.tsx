import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { can } from '../../core/access.js';
import { vnIsoDate } from '../../core/calendar/index.js';
import { formatInteger } from '../../core/format/index.js';
import type { AppContext } from '../../core/http.js';
import { tOf } from '../../core/render.js';
import { WarningText } from '../../ui/index.js';
import './inspection-messages.js';
import './policies.js';
import { queueCounts } from './queries.js';

/**
 * The inspections panel of the home page: fines past their payment date, remedial measures past their deadline and
 * inspected subjects still without an outcome, in the user's scope, each linking to its list. Null when the user may
 * not read inspections.
 */
export async function inspectionsDashboard(req: FastifyRequest, ctx: AppContext): Promise<VNode | null> {
  const u = req.principal;
  if (!u || !can(u, 'inspection.read')) return null;
  const t = tOf(req);
  const c = await queueCounts(ctx.database.db, u.scope, vnIsoDate(new Date()));
  const n = (x: number) => formatInteger(x, req.locale);
  return (
    <section aria-labelledby="dash-inspections">
      <h2 class="govuk-heading-m" id="dash-inspections">
        {t('insp.dash.title')}
      </h2>
      {c.overduePayments > 0 ? <WarningText t={t}>{t('insp.dash.overduePayments', { n: n(c.overduePayments) })}</WarningText> : null}
      {c.overdueRemedies > 0 ? <WarningText t={t}>{t('insp.dash.overdueRemedies', { n: n(c.overdueRemedies) })}</WarningText> : null}
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href="/thanh-tra?hang=qua-han-nop-phat">
            {t('insp.dash.overduePayments', { n: n(c.overduePayments) })}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/thanh-tra?hang=qua-han-khac-phuc">
            {t('insp.dash.overdueRemedies', { n: n(c.overdueRemedies) })}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/thanh-tra">
            {t('insp.dash.pendingOutcomes', { n: n(c.pendingOutcomes) })}
          </a>
        </li>
      </ul>
    </section>
  );
}
