// Every table of the system, gathered for Drizzle (types, relational queries) and drizzle-kit (migrations).
// Modules add their schema here when they are created.
export * from '../audit/schema.js';
export * from '../auth/schema.js';
export * from '../calendar/schema.js';
export * from '../files/schema.js';
export * from '../notifications/schema.js';
export * from '../../modules/org/schema.js';
export * from '../../modules/dossiers/schema.js';
export * from '../../modules/inspections/schema.js';
