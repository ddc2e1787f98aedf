import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { type Principal, decide } from './access.js';
import { type Actor, recordAudit } from './audit/index.js';
import type { RegisterCli } from './cli-kit.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import type { DemoPart } from './demo.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import type { FileStore } from './files/index.js';
import type { Locale } from './i18n/index.js';
import type { Jobs } from './jobs/index.js';

/**
 * Every route declares who may reach it; a route without `config.access` is refused at start-up (fail closed).
 * - 'public': anyone (public portal, sign-in, assets)
 * - 'authenticated': any signed-in user (own account pages)
 * - { action }: signed-in user whose roles the action's policy allows; record-level scope is checked in the
 *   handler with `authorizeRecord` once the record's org unit is known.
 */
export type RouteAccess = 'public' | 'authenticated' | { action: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    locale: Locale;
    /** CSRF token for the forms of the page being rendered (secret kept in the server-side session) */
    csrfToken(): string;
  }
  interface Session {
    userId?: number;
    /** one-shot message shown on the next page (after a redirect) */
    flash?: { kind: 'success' | 'info'; text: string };
  }
}

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  /** shown when the user may perform this action (collection level) */
  action?: string;
}

export interface AppContext {
  database: Database;
  config: Config;
  files: FileStore;
  jobs: Jobs;
}

/** A domain module plugs its routes, navigation and demo data into the app through this shape. */
export interface AppModule {
  name: string;
  nav?: NavItem[];
  /** routes (pages and /api/v1) */
  register?(app: FastifyInstance, ctx: AppContext): Promise<void> | void;
  /** reference data every installation needs (administrative units, calendar); idempotent */
  reference?(database: Database): Promise<void>;
  /** demo records, loaded on an empty database by `npm start` and `tnmt demo` */
  demo?: DemoPart;
  /** `tnmt` sub-commands */
  cli?: RegisterCli;
  /** a panel for the signed-in user's home page (warnings, counts); null when nothing to show */
  dashboard?(req: FastifyRequest, ctx: AppContext): Promise<VNode | null>;
}

export function actorOf(req: FastifyRequest): Actor {
  return req.principal
    ? { id: req.principal.id, name: req.principal.username, ip: req.ip }
    : { id: null, name: 'anonymous', ip: req.ip };
}

/**
 * Record-level check. Out of scope → NotFoundError (a 404 that does not reveal the record exists); in scope but
 * the role may not → ForbiddenError. Both are audited as denied attempts.
 */
export async function authorizeRecord(
  req: FastifyRequest,
  database: Database,
  action: string,
  orgUnitId: number | null,
  entity?: { entity: string; entityId: string | number },
): Promise<void> {
  const d = decide(req.principal, action, orgUnitId);
  if (d.allow) return;
  await recordAudit(database.db, actorOf(req), {
    action: 'access.denied',
    outcome: 'denied',
    orgUnitId,
    detail: `${action} (${d.reason}) ${req.method} ${req.url}`,
    ...entity,
  });
  if (d.reason === 'scope') throw new NotFoundError();
  throw new ForbiddenError();
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

export function wantsHtml(req: FastifyRequest): boolean {
  return !isApiRequest(req);
}

/** Redirect after a successful form post (PRG), with a one-shot message. */
export function redirectWithFlash(req: FastifyRequest, reply: FastifyReply, to: string, text: string) {
  req.session.flash = { kind: 'success', text };
  return reply.redirect(to, 303);
}

export type PageBody = VNode | VNode[] | string;
