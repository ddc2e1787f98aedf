import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { can } from './access.js';
import type { Config } from './config.js';
import type { NavItem } from './http.js';
import { type T, translator } from './i18n/index.js';
import type { FieldError } from './errors.js';
import { ErrorSummary, NotificationBanner, Page, renderPage } from '../ui/index.js';
import './messages.js';

/** Navigation of the public pages (citizens, no sign-in), filled by the modules at start-up; labels are i18n keys. */
const publicNavItems: { href: string; label: string }[] = [];
export function addPublicNavItems(items: { href: string; label: string }[]) {
  for (const i of items) if (!publicNavItems.some((n) => n.href === i.href)) publicNavItems.push(i);
}
/** The public navigation for a request: the item whose page (or sub-page) is shown is marked. */
export function publicNavOf(req: FastifyRequest, t: T) {
  const path = req.url.split('?')[0] ?? '/';
  return publicNavItems.map((i) => ({ href: i.href, label: t(i.label), current: path === i.href, active: path !== i.href && path.startsWith(`${i.href}/`) }));
}

/** Navigation of the back office, filled by the modules at start-up. */
const navItems: NavItem[] = [];
export function addNavItems(items: NavItem[]) {
  for (const i of items) if (!navItems.some((n) => n.href === i.href)) navItems.push(i);
}

let unreadCounter: ((userId: number) => Promise<number>) | undefined;
/** Set once by the core module: how to count a user's unread notifications. */
export function setUnreadCounter(fn: (userId: number) => Promise<number>) {
  unreadCounter = fn;
}

export interface PageOptions {
  title: string;
  status?: number;
  breadcrumbs?: { href?: string; label: string }[];
  variant?: 'backoffice' | 'public';
  /** unread notifications count for the header */
  unread?: number;
  /** The page shows form errors: the document title starts with "Lỗi: " (screen readers announce it first). */
  hasErrors?: boolean;
}

export function tOf(req: FastifyRequest): T {
  return translator(req.locale);
}

/** Renders a full page in the shell: header, navigation the user may use, flash message, content. */
export function pageHtml(req: FastifyRequest, config: Config, opts: PageOptions, body: ComponentChildren): string {
  const t = tOf(req);
  const user = req.principal;
  const path = req.url.split('?')[0] ?? '/';
  const nav = user
    ? navItems
        .filter((n) => !n.action || can(user, n.action))
        .map((n) => ({ href: n.href, label: t(n.label), current: n.href === '/' ? path === '/' : path.startsWith(n.href) }))
    : undefined;
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  const csrfToken = user ? req.csrfToken() : '';
  return renderPage(
    <Page
      title={opts.title}
      locale={req.locale}
      t={t}
      orgName={config.orgName}
      user={user ? { fullName: user.fullName, orgUnitName: user.orgUnitName } : undefined}
      csrfToken={csrfToken}
      nav={nav}
      breadcrumbs={opts.breadcrumbs}
      notifications={opts.unread}
      currentPath={req.url}
      variant={opts.variant ?? 'backoffice'}
      hasErrors={opts.hasErrors}
    >
      {flash ? <NotificationBanner type="success" t={t}>
          {flash.text}
        </NotificationBanner> : null}
      {body}
    </Page>,
  );
}

/** Sends a page; the header's unread-notifications badge is counted here, once per page. */
export async function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  opts: PageOptions,
  body: ComponentChildren,
) {
  if (req.principal && opts.unread === undefined && unreadCounter) opts = { ...opts, unread: await unreadCounter(req.principal.id) };
  return reply
    .status(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(pageHtml(req, config, opts, body));
}

/**
 * A report page: its heading and filter form, then the results; when the filter is refused (`body` null) the form
 * again with its errors summarised above, answered 400 so the typed filter stays in the form.
 */
export function sendReportPage(
  req: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  opts: { title: string; breadcrumbs: PageOptions['breadcrumbs']; form: ComponentChildren; errors: FieldError[]; body: ComponentChildren | null },
) {
  const refused = opts.body === null;
  return sendPage(
    req,
    reply,
    config,
    { title: opts.title, breadcrumbs: opts.breadcrumbs, ...(refused ? { hasErrors: true, status: 400 } : {}) },
    <>
      {refused ? <ErrorSummary errors={opts.errors} t={tOf(req)} /> : null}
      <h1 class="govuk-heading-l">{opts.title}</h1>
      {opts.form}
      {opts.body}
    </>,
  );
}
