import type { FastifyInstance } from 'fastify';
import type { AppContext, AppModule } from '../../core/http.js';
import { addMessages } from '../../core/i18n/index.js';
import { addNavItems } from '../../core/render.js';
import './policies.js';
import { seedProvisions } from './provisions.js';
import { registerProvisionRoutes } from './provision-routes.js';
import { registerSubjectRoutes } from './subject-routes.js';
import { inspectionsDemo } from './demo.js';
import { registerInspectionRoutes } from './inspection-routes.js';
import { inspectionsDashboard } from './dashboard.js';
import { registerInspectionCli } from './cli.js';
import { registerInspectionStatsRoutes } from './stats-routes.js';
import { registerPublicEnforcementRoutes } from './public-routes.js';

addMessages({
  vi: { 'nav.inspections': 'Thanh tra, kiểm tra', 'nav.subjects': 'Đối tượng, cơ sở', 'nav.inspectionStats': 'Thống kê thanh tra' },
  en: { 'nav.inspections': 'Inspections', 'nav.subjects': 'Subjects and facilities', 'nav.inspectionStats': 'Inspection statistics' },
});

/** Inspections and enforcement: subjects and facilities, inspections, violations, penalties, payments, statistics. */
export const inspectionsModule: AppModule = {
  name: 'inspections',
  nav: [
    { href: '/thanh-tra', label: 'nav.inspections', action: 'inspection.read' },
    { href: '/doi-tuong', label: 'nav.subjects', action: 'subject.read' },
    { href: '/thong-ke/thanh-tra', label: 'nav.inspectionStats', action: 'inspection.stats' },
  ],
  async reference(database) {
    await seedProvisions(database);
  },
  demo: inspectionsDemo,
  dashboard: inspectionsDashboard,
  cli: registerInspectionCli,
  register(app: FastifyInstance, ctx: AppContext) {
    addNavItems(inspectionsModule.nav ?? []);
    registerSubjectRoutes(app, ctx);
    registerProvisionRoutes(app, ctx);
    registerInspectionRoutes(app, ctx);
    registerInspectionStatsRoutes(app, ctx);
    registerPublicEnforcementRoutes(app, ctx);
  },
};
