import { coreModule, setDashboardModules } from '../core/module.js';
import type { AppModule } from '../core/http.js';
import { calendarModule } from '../core/calendar/module.js';
import { dossiersModule } from './dossiers/module.js';
import { inspectionsModule } from './inspections/module.js';
import { orgModule } from './org/module.js';

/** Every module of the system, in the order their routes, reference data and demo data are loaded. */
export const MODULES: AppModule[] = [coreModule, calendarModule, orgModule, dossiersModule, inspectionsModule];
setDashboardModules(MODULES);
