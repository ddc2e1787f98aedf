import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { Locale, T } from '../core/i18n/index.js';
import { type BreadcrumbItem, Breadcrumbs } from './breadcrumbs.js';
import { CsrfField } from './csrf-field.js';
import { cx } from './form-parts.js';
import { LanguageSwitch } from './language-switch.js';
import './messages.js';

/** URLs the server serves the front-end files at (see `src/server.ts`). */
export const ASSET_URLS = {
  govukCss: '/assets/govuk/govuk-frontend.min.css',
  tnmtCss: '/assets/tnmt.css',
  htmx: '/assets/htmx/htmx.min.js',
  init: '/assets/init.js',
  favicon: '/assets/favicon.svg',
} as const;

/** The header band's colour, also the browser's theme colour. */
export const THEME_COLOUR = '#a50e0e';

/** The signed-in user, shown in the header. */
export interface PageUser {
  fullName: string;
  /** Their org unit, e.g. "Phòng Tài nguyên nước". */
  orgUnitName: string;
}

/** A link in the service navigation under the header. */
export interface NavLink {
  href: string;
  /** Link text (already translated). */
  label: string;
  /** This link is the current page (`aria-current="page"`). */
  current?: boolean;
  /** The current page is inside this section (`aria-current="true"`). */
  active?: boolean;
}

/** The organisation's contact details, shown in the footer. */
export interface OrgContact {
  /** Postal address, one line. */
  address: string;
  /** Phone number as printed, e.g. "0299 3822 372". */
  phone?: string;
  email?: string;
}

export interface PageProps {
  /** Page title (the `<h1>` text, usually); the document title becomes "title – tnmt". */
  title: string;
  /** The page's language: `<html lang>` and the current item of the language switch. */
  locale: Locale;
  /** Translator for `locale`. */
  t: T;
  /** Organisation name in the header, e.g. "Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng". */
  orgName: string;
  /** `backoffice`: staff pages (red header band, account links, wide layout). `public`: the portal (light header). */
  variant: 'backoffice' | 'public';
  /** Path and query of this page (`req.url`), for the language switch links. */
  currentPath: string;
  /** Signed-in user: shows their name, notifications, "Đổi mật khẩu" and "Đăng xuất". */
  user?: PageUser;
  /** CSRF token for the sign-out form; needed with `user`. */
  csrfToken?: string;
  /** Service navigation links. */
  nav?: NavLink[];
  /** Name of the service, shown at the start of the service navigation (optional). */
  serviceName?: string;
  /** Link of the service name; default `homeHref`. */
  serviceHref?: string;
  /** Breadcrumbs above `main`. */
  breadcrumbs?: BreadcrumbItem[];
  /** Other content above `main`, such as a `BackLink`. */
  beforeContent?: ComponentChildren;
  /** Number of unread notifications (shown as a badge on the "Thông báo" link, /thong-bao). */
  notifications?: number;
  /** Contact details in the footer (address, phone, e-mail); meant for the public portal. */
  contact?: OrgContact;
  /** Where the organisation name links to; default `/`. */
  homeHref?: string;
  /** The page shows form errors: the title starts with "Lỗi: " so screen readers announce it first. */
  hasErrors?: boolean;
  /** Reload the page every N seconds in browsers without JavaScript (for a "system is starting" page). */
  refreshSeconds?: number;
  /** Link to this deployment's source code (AGPL-3.0 §13), shown in the footer. */
  sourceUrl?: string;
  /** Page content, placed in `<main id="main-content">`. */
  children?: ComponentChildren;
}

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

function ServiceNavigation(props: { nav: NavLink[]; serviceName?: string; serviceHref: string; t: T }) {
  const { t } = props;
  const inner = (
    <div class="govuk-width-container">
      <div class="govuk-service-navigation__container">
        {props.serviceName ? (
          <span class="govuk-service-navigation__service-name">
            <a href={props.serviceHref} class="govuk-service-navigation__link">
              {props.serviceName}
            </a>
          </span>
        ) : null}
        {props.nav.length > 0 ? (
          <nav aria-label={t('ui.nav.label')} class="govuk-service-navigation__wrapper">
            {props.nav.length > 1 ? (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: `hidden` keeps it unfocusable until GOV.UK's JS reveals it on phones
              <button
                type="button"
                class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls="navigation"
                hidden
                aria-hidden="true"
              >
                {t('ui.nav.menu')}
              </button>
            ) : null}
            <ul class="govuk-service-navigation__list" id="navigation">
              {props.nav.map((item) => {
                const on = item.current || item.active;
                return (
                  <li
                    key={item.href}
                    class={cx('govuk-service-navigation__item', on && 'govuk-service-navigation__item--active')}
                  >
                    <a
                      class="govuk-service-navigation__link"
                      href={item.href}
                      aria-current={item.current ? 'page' : item.active ? 'true' : undefined}
                    >
                      {on ? <strong class="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </div>
    </div>
  );
  return props.serviceName ? (
    <section aria-label={t('ui.nav.service')} class="govuk-service-navigation" data-module="govuk-service-navigation">
      {inner}
    </section>
  ) : (
    <div class="govuk-service-navigation" data-module="govuk-service-navigation">
      {inner}
    </div>
  );
}

function Account(props: { user: PageUser; csrfToken?: string; notifications?: number; t: T }) {
  const { t, user } = props;
  const unread = props.notifications ?? 0;
  return (
    <nav class="tnmt-header__account" aria-label={t('ui.header.account')}>
      <p class="tnmt-header__user">
        <span class="tnmt-header__user-name">{user.fullName}</span>
        <span class="tnmt-header__user-unit">{user.orgUnitName}</span>
      </p>
      <ul class="tnmt-header__account-list">
        <li class="tnmt-header__account-item">
          <a class="tnmt-header__link" href="/thong-bao">
            {t('ui.header.notifications')}
            {unread > 0 ? (
              <>
                <span class="tnmt-header__badge" aria-hidden="true">
                  {unread > 99 ? '99+' : unread}
                </span>
                <span class="govuk-visually-hidden"> ({t('ui.header.unread', { count: unread })})</span>
              </>
            ) : null}
          </a>
        </li>
        <li class="tnmt-header__account-item">
          <a class="tnmt-header__link" href="/tai-khoan/mat-khau">
            {t('ui.header.changePassword')}
          </a>
        </li>
        <li class="tnmt-header__account-item">
          <form method="post" action="/dang-xuat" class="tnmt-header__sign-out">
            {props.csrfToken ? <CsrfField token={props.csrfToken} /> : null}
            <button type="submit" class="tnmt-header__sign-out-button">
              {t('ui.header.signOut')}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/**
 * The whole HTML document: head with the stylesheets and scripts (no inline script, for the CSP), skip link, header
 * (organisation, account, service navigation), breadcrumbs, `<main id="main-content">`, footer with the licence and
 * the language switch. Render it with `renderPage`.
 */
export function Page(props: PageProps) {
  const { t } = props;
  const homeHref = props.homeHref ?? '/';
  const hasBreadcrumbs = Boolean(props.breadcrumbs && props.breadcrumbs.length > 0);
  const hasBefore = hasBreadcrumbs || (props.beforeContent !== undefined && props.beforeContent !== null);
  const title = `${props.hasErrors ? `${t('ui.errorPrefix')}: ` : ''}${props.title} – tnmt`;
  return (
    <html lang={props.locale} class={cx('govuk-template', `tnmt-template--${props.variant}`)}>
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content={THEME_COLOUR} />
        {/* htmx must not inject its own <style> or evaluate code: the CSP forbids both. */}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        {props.refreshSeconds ? (
          <noscript>
            <meta http-equiv="refresh" content={String(Math.max(1, Math.round(props.refreshSeconds)))} />
          </noscript>
        ) : null}
        <link rel="icon" href={ASSET_URLS.favicon} type="image/svg+xml" />
        <link rel="stylesheet" href={ASSET_URLS.govukCss} />
        <link rel="stylesheet" href={ASSET_URLS.tnmtCss} />
        <script src={ASSET_URLS.htmx} defer />
        <script type="module" src={ASSET_URLS.init} />
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
          {t('ui.skipLink')}
        </a>
        <header class="govuk-template__header">
          <div class={cx('govuk-generic-header', 'tnmt-header', `tnmt-header--${props.variant}`)}>
            <div class="govuk-generic-header__container govuk-width-container tnmt-header__container">
              <div class="govuk-generic-header__logo tnmt-header__logo">
                <a href={homeHref} class="govuk-generic-header__homepage-link tnmt-header__homepage-link">
                  <span class="tnmt-header__org">{props.orgName}</span>
                </a>
              </div>
              {props.user ? (
                <Account user={props.user} csrfToken={props.csrfToken} notifications={props.notifications} t={t} />
              ) : null}
            </div>
          </div>
          {props.nav?.length || props.serviceName ? (
            <ServiceNavigation
              nav={props.nav ?? []}
              serviceName={props.serviceName}
              serviceHref={props.serviceHref ?? homeHref}
              t={t}
            />
          ) : null}
        </header>
        <div class="govuk-width-container">
          {hasBreadcrumbs ? <Breadcrumbs items={props.breadcrumbs ?? []} collapseOnMobile t={t} /> : null}
          {props.beforeContent}
          <main class={cx('govuk-main-wrapper', !hasBefore && 'govuk-main-wrapper--l')} id="main-content">
            {props.children}
          </main>
        </div>
        <footer class="govuk-template__footer">
          <div class="govuk-footer tnmt-footer">
            <div class="govuk-width-container">
              {props.contact ? (
                <>
                  <div class="tnmt-footer__contact">
                    <h2 class="govuk-heading-s tnmt-footer__org">{props.orgName}</h2>
                    <address class="tnmt-footer__address">
                      <span class="govuk-visually-hidden">{t('ui.footer.address')}: </span>
                      {props.contact.address}
                      {props.contact.phone ? (
                        <>
                          <br />
                          {t('ui.footer.phone')}:{' '}
                          <a class="govuk-footer__link" href={telHref(props.contact.phone)}>
                            {props.contact.phone}
                          </a>
                        </>
                      ) : null}
                      {props.contact.email ? (
                        <>
                          <br />
                          {t('ui.footer.email')}:{' '}
                          <a class="govuk-footer__link" href={`mailto:${props.contact.email}`}>
                            {props.contact.email}
                          </a>
                        </>
                      ) : null}
                    </address>
                  </div>
                  <hr class="govuk-footer__section-break" />
                </>
              ) : null}
              <div class="govuk-footer__meta">
                <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                  <LanguageSwitch locale={props.locale} currentPath={props.currentPath} t={t} />
                  <p class="tnmt-footer__licence">
                    <a class="govuk-footer__link" href="https://www.gnu.org/licenses/agpl-3.0.html" rel="license">
                      {t('ui.footer.licence')}
                    </a>
                    {props.sourceUrl ? (
                      <>
                        {' · '}
                        <a class="govuk-footer__link" href={props.sourceUrl}>
                          {t('ui.footer.source')}
                        </a>
                      </>
                    ) : null}
                  </p>
                </div>
              </div>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Renders a `Page` (or any element) to a complete HTML document string. */
export function renderPage(vnode: VNode): string {
  return `<!doctype html>${render(vnode)}`;
}
