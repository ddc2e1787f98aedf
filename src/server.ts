import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerFactory, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { type Principal, decide } from './core/access.js';
import { recordAudit } from './core/audit/index.js';
import { DatabaseSessionStore } from './core/auth/session-store.js';
import type { Config } from './core/config.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './core/errors.js';
import { type AppContext, type AppModule, actorOf, isApiRequest } from './core/http.js';
import { isLocale } from './core/i18n/index.js';
import { loadPrincipal } from './core/auth/principal.js';
import { errorPage } from './core/pages.js';

const require = createRequire(import.meta.url);
const UI_ASSETS = fileURLToPath(new URL('./ui/assets', import.meta.url));
const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
const HTMX_DIST = join(dirname(require.resolve('htmx.org/package.json')), 'dist');

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes created by plugins (static files, API docs) carry no access config; they are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/assets/', '/api/docs'];

export interface RouteEntry {
  method: string;
  url: string;
  access: import('./core/http.js').RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface BuildOptions {
  modules: AppModule[];
  logger?: boolean | object;
  /** lets `serve` listen before the database is ready and hand requests to Fastify afterwards */
  serverFactory?: FastifyServerFactory;
}

/** Builds the Fastify app: security plugins, sessions, access enforcement, then every module's routes. */
export async function buildApp(ctx: AppContext, opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = ctx;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    ...(opts.serverFactory ? { serverFactory: opts.serverFactory } : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('locale', 'vi');
  app.decorateRequest('csrfToken', () => '');

  // Fail closed: every route must say who may reach it. The table feeds the access-matrix test.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.config?.access) {
      for (const method of methods) routeTable.push({ method, url: route.url, access: route.config.access });
      return;
    }
    if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    throw new Error(`route ${route.method} ${route.url} declares no access rule`);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // API docs (swagger-ui) need inline styles; handled by its own route-level CSP below.
    hsts: config.secureCookies ?? false,
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: config.maxUploadBytes, files: 10 } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: sessionSecret(config),
    cookieName: 'tnmt.sid',
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies ?? false,
      path: '/',
      maxAge: config.sessionMinutes * 60_000,
    },
    store: new DatabaseSessionStore(database, config.sessionMinutes * 60_000),
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    // Multipart forms carry the token in the query string: their body is read by the handler, after this check.
    getToken: (req: FastifyRequest) =>
      (req.body as Record<string, string> | undefined)?._csrf ??
      (req.headers['x-csrf-token'] as string | undefined) ??
      (req.query as Record<string, string> | undefined)?._csrf,
  });

  await app.register(fastifyStatic, { root: UI_ASSETS, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: GOVUK_DIST,
    prefix: '/assets/govuk/',
    decorateReply: false,
    maxAge: '1d',
    allowedPath: (path) => !path.includes('.scss') && !/\/assets\/fonts\//.test(path),
  });
  await app.register(fastifyStatic, {
    root: HTMX_DIST,
    prefix: '/assets/htmx/',
    decorateReply: false,
    maxAge: '1d',
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'tnmt API',
        description: 'JSON API of tnmt. Authenticate with the session cookie; writes need the X-CSRF-Token header.',
        version: '1',
      },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header,
  });

  // Locale, principal, CSRF and the route's access rule, for every request, before its input is validated
  // (so an anonymous or unauthorised caller learns nothing from validation errors).
  app.addHook('preValidation', async (req, reply) => {
    req.locale = localeOf(req, reply, config);
    req.csrfToken = () => reply.generateCsrf();
    req.principal = req.session.userId ? await loadPrincipal(database, req.session.userId) : null;
    if (req.session.userId && !req.principal) delete req.session.userId;
    if (req.principal && !(req.query as Record<string, unknown>)?.lang && !req.cookies.lang) {
      req.locale = req.principal.locale;
    }
    const access = req.routeOptions.config.access;
    if (UNSAFE_METHODS.has(req.method)) await csrfCheck(app, req, reply);
    if (reply.sent || !access || access === 'public') return;
    if (!req.principal) return denyAnonymous(req, reply);
    if (access === 'authenticated') return;
    const d = decide(req.principal, access.action);
    if (!d.allow) {
      await recordAudit(database.db, actorOf(req), {
        action: 'access.denied',
        outcome: 'denied',
        orgUnitId: req.principal.orgUnitId,
        detail: `${access.action} (${d.reason}) ${req.method} ${req.url}`,
      });
      throw new ForbiddenError();
    }
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send({
        error: 'validation',
        fields: err.validation.map((v) => ({
          field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? ''),
          message: v.message,
        })),
      });
    }
    let status = err.statusCode ?? 500;
    if (err instanceof ValidationError) status = 400;
    else if (err instanceof NotFoundError) status = 404;
    else if (err instanceof ForbiddenError) status = 403;
    else if (err instanceof ConflictError) status = 409;
    if (status >= 500) req.log.error(err);
    if (isApiRequest(req)) {
      const body: Record<string, unknown> = { error: errorCode(status), message: status >= 500 ? 'Internal error' : err.message };
      if (err instanceof ValidationError) body.fields = err.fields;
      return reply.status(status).send(body);
    }
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(req, config, status, err instanceof ConflictError ? err.message : undefined));
  });
  app.setNotFoundHandler({ preHandler: app.rateLimit?.({ max: 120, timeWindow: '1 minute' }) }, async (req, reply) => {
    req.locale = localeOf(req, reply, config);
    if (isApiRequest(req)) return reply.status(404).send({ error: 'not_found', message: 'Not found' });
    return reply.status(404).type('text/html; charset=utf-8').send(errorPage(req, config, 404));
  });

  for (const m of opts.modules) await m.register?.(app, ctx);
  return app;
}

async function csrfCheck(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
  await new Promise<void>((resolvePromise, reject) => {
    app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolvePromise()));
  });
}

function denyAnonymous(req: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(req)) return reply.status(401).send({ error: 'unauthenticated', message: 'Sign in first' });
  const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
  return reply.redirect(`/dang-nhap${next}`, 303);
}

function errorCode(status: number): string {
  return ({ 400: 'validation', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'rate_limited' } as Record<number, string>)[status] ?? 'error';
}

function localeOf(req: FastifyRequest, reply: FastifyReply, config: Config) {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) {
    reply.setCookie('lang', q, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, httpOnly: true });
    return q;
  }
  const c = req.cookies?.lang;
  return isLocale(c) ? c : config.defaultLocale;
}

/** The cookie-signing secret: configured, or generated once and kept in the data folder. */
function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = resolve(config.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export type { Principal };
