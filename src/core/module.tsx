import type { FastifyInstance } from 'fastify';
import { registerAuditRoutes } from './audit/routes.js';
import { registerBackupCli } from './backup/cli.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import type { AppContext, AppModule } from './http.js';
import { addNavItems, sendPage, tOf } from './render.js';
import { formatInteger } from './format/index.js';
import { ROLE_LABELS } from './access.js';
import './policies.js';

/** The platform's own pages: sign-in and account, home, audit trail, health and the current user's API. */
let dashboardModules: AppModule[] = [];
/** The modules whose panels the home page shows, in order (set once by the module list). */
export function setDashboardModules(modules: AppModule[]) {
  dashboardModules = modules.filter((m) => m.dashboard);
}

export const coreModule: AppModule = {
  name: 'core',
  nav: [
    { href: '/', label: 'nav.home' },
    { href: '/quan-tri/nhat-ky', label: 'nav.audit', action: 'audit.read' },
  ],
  cli: registerBackupCli,
  register(app: FastifyInstance, ctx: AppContext) {
    addNavItems(coreModule.nav ?? []);
    registerAuthRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
    registerNotificationRoutes(app, ctx);

    app.get('/', { config: { access: 'authenticated' } }, async (req, reply) => {
      const t = tOf(req);
      const u = req.principal!;
      const panels = await Promise.all(dashboardModules.map((m) => m.dashboard!(req, ctx)));
      return sendPage(
        req,
        reply,
        ctx.config,
        { title: t('home.title') },
        <>
          <h1 class="govuk-heading-l">{t('home.welcome', { name: u.fullName })}</h1>
          <p class="govuk-body">
            {u.orgUnitName} · {u.roles.map((r) => ROLE_LABELS[r][req.locale]).join(', ')}
          </p>
          <p class="govuk-body">
            {t('home.scope', { unit: u.orgUnitName, count: formatInteger(u.scope.size - 1, req.locale) })}
          </p>
          {panels}
        </>,
      );
    });

    app.get('/healthz', { config: { access: 'public' } }, async (_req, reply) => {
      try {
        await ctx.database.query('SELECT 1');
        return { status: 'ok', engine: ctx.database.engine };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    });

    app.get(
      '/api/v1/me',
      { config: { access: 'authenticated' }, schema: { tags: ['account'], summary: 'The signed-in user, roles and scope' } },
      async (req) => {
        const u = req.principal!;
        return {
          id: u.id,
          username: u.username,
          fullName: u.fullName,
          orgUnitId: u.orgUnitId,
          orgUnitName: u.orgUnitName,
          roles: u.roles,
          scope: [...u.scope].sort((a, b) => a - b),
          csrfToken: req.csrfToken(),
        };
      },
    );
  },
};
