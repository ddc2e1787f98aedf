import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../core/access.js';
import { formatInteger } from '../../core/format/index.js';
import type { AppContext, AppModule } from '../../core/http.js';
import { addMessages } from '../../core/i18n/index.js';
import { addNavItems, tOf } from '../../core/render.js';
import { WarningText } from '../../ui/index.js';
import { seedProcedures } from './catalogue.js';
import { registerCatalogueRoutes } from './catalogue-routes.js';
import { registerDossierCli } from './cli.js';
import { calendarOf, setApplicantWebhook } from './commands.js';
import { dossiersDemo } from './demo.js';
import { registerDocumentRoutes } from './documents.js';
import { registerImportRoutes } from './import-routes.js';
import './policies.js';
import { registerPublicRoutes } from './public-routes.js';
import { queueCounts } from './queries.js';
import { registerStatsRoutes } from './stats-routes.js';
import { registerWorkRoutes } from './work-routes.js';

addMessages({
  vi: {
    'nav.dossiers': 'Hồ sơ',
    'nav.procedures': 'Thủ tục',
    'nav.dossierStats': 'Thống kê hồ sơ',
    'dash.dossiers': 'Hồ sơ thủ tục hành chính',
    'dash.mine': '{n} hồ sơ của tôi đang giải quyết',
    'dash.dueSoon': '{n} hồ sơ đến hạn trong 1 ngày làm việc',
    'dash.overdue': '{n} hồ sơ đã quá hạn',
    'dash.supplement': '{n} hồ sơ đang chờ bổ sung',
  },
  en: {
    'nav.dossiers': 'Dossiers',
    'nav.procedures': 'Procedures',
    'nav.dossierStats': 'Dossier statistics',
    'dash.dossiers': 'Administrative-procedure dossiers',
    'dash.mine': '{n} of my dossiers in progress',
    'dash.dueSoon': '{n} dossiers due within 1 working day',
    'dash.overdue': '{n} dossiers overdue',
    'dash.supplement': '{n} dossiers waiting for a supplement',
  },
});

async function dashboard(req: FastifyRequest, ctx: AppContext) {
  const u = req.principal;
  if (!u || !can(u, 'dossier.read')) return null;
  const t = tOf(req);
  const cal = await calendarOf(ctx.database.db, u.orgUnitId);
  const c = await queueCounts(ctx.database.db, u.scope, u.id, cal);
  const n = (x: number) => formatInteger(x, req.locale);
  return (
    <section aria-labelledby="dash-dossiers">
      <h2 class="govuk-heading-m" id="dash-dossiers">
        {t('dash.dossiers')}
      </h2>
      {c.overdue > 0 ? <WarningText t={t}>{t('dash.overdue', { n: n(c.overdue) })}</WarningText> : null}
      {c.due_soon > 0 ? <WarningText t={t}>{t('dash.dueSoon', { n: n(c.due_soon) })}</WarningText> : null}
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href="/ho-so?hang=mine">
            {t('dash.mine', { n: n(c.mine) })}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/ho-so?hang=due_soon">
            {t('dash.dueSoon', { n: n(c.due_soon) })}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/ho-so?hang=overdue">
            {t('dash.overdue', { n: n(c.overdue) })}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/ho-so?hang=supplement">
            {t('dash.supplement', { n: n(c.supplement) })}
          </a>
        </li>
      </ul>
    </section>
  );
}

/** The one-stop desk: catalogue, intake, processing, printed forms, public lookup, ratings, statistics, import. */
export const dossiersModule: AppModule = {
  name: 'dossiers',
  nav: [
    { href: '/ho-so', label: 'nav.dossiers', action: 'dossier.read' },
    { href: '/thu-tuc', label: 'nav.procedures', action: 'procedure.read' },
    { href: '/thong-ke/ho-so', label: 'nav.dossierStats', action: 'dossier.stats' },
  ],
  async reference(database) {
    await seedProcedures(database);
  },
  demo: dossiersDemo,
  cli: registerDossierCli,
  dashboard,
  register(app: FastifyInstance, ctx: AppContext) {
    addNavItems(dossiersModule.nav ?? []);
    setApplicantWebhook(ctx.config.applicantWebhookUrl);
    registerCatalogueRoutes(app, ctx);
    registerWorkRoutes(app, ctx);
    registerDocumentRoutes(app, ctx);
    registerPublicRoutes(app, ctx);
    registerStatsRoutes(app, ctx);
    registerImportRoutes(app, ctx);
  },
};
