import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeOwnPassword, signOutEverywhere } from '../../modules/org/user-commands.js';
import { ROLE_LABELS } from '../access.js';
import { recordAudit } from '../audit/index.js';
import { type FieldError, ValidationError } from '../errors.js';
import { type AppContext, actorOf } from '../http.js';
import { formatDateTime } from '../format/index.js';
import { sendPage, tOf } from '../render.js';
import { Button, CsrfField, ErrorSummary, SummaryList, TextInput } from '../../ui/index.js';
import { authenticate } from './authenticate.js';

/** Only same-site paths may be the target of the post-sign-in redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;

  const signInForm = (
    req: Parameters<typeof tOf>[0],
    values: { username?: string; next?: string },
    errors: FieldError[],
  ) => {
    const t = tOf(req);
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <ErrorSummary errors={errors} t={t} />
          <h1 class="govuk-heading-l">{t('auth.signIn')}</h1>
          <form method="post" action="/dang-nhap" novalidate>
            <CsrfField token={req.csrfToken()} />
            <input type="hidden" name="next" value={safeNext(values.next)} />
            <TextInput
              name="username"
              label={t('auth.username')}
              value={values.username ?? ''}
              autocomplete="username"
              spellcheck={false}
              error={errors.find((e) => e.field === 'username')?.message}
              t={t}
            />
            <TextInput
              name="password"
              type="password"
              label={t('auth.password')}
              value=""
              autocomplete="current-password"
              error={errors.find((e) => e.field === 'password')?.message}
              t={t}
            />
            <Button>{t('auth.signIn')}</Button>
          </form>
        </div>
      </div>
    );
  };

  app.get('/dang-nhap', { config: { access: 'public' } }, async (req, reply) => {
    if (req.principal) return reply.redirect('/', 303);
    const next = (req.query as Record<string, string>).next;
    return sendPage(req, reply, config, { title: tOf(req)('auth.signIn') }, signInForm(req, { next }, []));
  });

  app.post(
    '/dang-nhap',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          errorResponseBuilder: (req, c) => ({ statusCode: 429, message: tOf(req)('auth.tooMany'), ttl: c.ttl }),
        },
      },
    },
    async (req, reply) => {
      const t = tOf(req);
      const body = (req.body ?? {}) as Record<string, string>;
      const username = (body.username ?? '').trim();
      const password = body.password ?? '';
      const errors: FieldError[] = [];
      if (!username) errors.push({ field: 'username', message: t('auth.required.username') });
      if (!password) errors.push({ field: 'password', message: t('auth.required.password') });
      if (!errors.length) {
        const r = await authenticate(database, config, username, password, req.ip);
        if (r.ok) {
          await req.session.regenerate();
          req.session.userId = r.userId;
          return reply.redirect(safeNext(body.next), 303);
        }
        errors.push({
          field: 'username',
          message: r.reason === 'locked' ? t('auth.locked', { time: formatDateTime(r.until, req.locale) }) : t('auth.invalid'),
        });
      }
      return sendPage(req, reply, config, { title: t('auth.signIn'), status: 400, hasErrors: true }, signInForm(req, { username, next: body.next }, errors));
    },
  );

  app.post('/dang-xuat', { config: { access: 'public' } }, async (req, reply) => {
    if (req.principal)
      await recordAudit(database.db, actorOf(req), {
        action: 'auth.logout',
        entity: 'user',
        entityId: req.principal.id,
        orgUnitId: req.principal.orgUnitId,
      });
    await req.session.destroy();
    return reply.redirect('/dang-nhap', 303);
  });

  app.post('/dang-xuat-tat-ca', { config: { access: 'authenticated' } }, async (req, reply) => {
    await signOutEverywhere(database, actorOf(req), req.principal!.id);
    await req.session.destroy();
    return reply.redirect('/dang-nhap', 303);
  });

  const accountPage = (req: Parameters<typeof tOf>[0], errors: FieldError[]) => {
    const t = tOf(req);
    const u = req.principal!;
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} t={t} />
          <h1 class="govuk-heading-l">{t('account.title')}</h1>
          <SummaryList
            rows={[
              { key: t('auth.username'), value: u.username },
              { key: t('account.orgUnit'), value: u.orgUnitName },
              { key: t('account.roles'), value: u.roles.map((r) => ROLE_LABELS[r][req.locale]).join(', ') },
            ]}
          />
          <h2 class="govuk-heading-m" id="doi-mat-khau">
            {t('account.changePassword')}
          </h2>
          <form method="post" action="/tai-khoan/mat-khau" novalidate>
            <CsrfField token={req.csrfToken()} />
            {(['currentPassword', 'newPassword', 'confirmPassword'] as const).map((name) => (
              <TextInput
                key={name}
                name={name}
                type="password"
                label={t(`account.${name}`)}
                hint={name === 'newPassword' ? t('account.newPasswordHint') : undefined}
                value=""
                autocomplete={name === 'currentPassword' ? 'current-password' : 'new-password'}
                error={errors
                  .filter((e) => e.field === name)
                  .map((e) => e.message)
                  .join('. ') || undefined}
                t={t}
              />
            ))}
            <Button>{t('account.save')}</Button>
          </form>
          <hr class="govuk-section-break govuk-section-break--l govuk-section-break--visible" />
          <form method="post" action="/dang-xuat-tat-ca">
            <CsrfField token={req.csrfToken()} />
            <Button variant="warning">{t('auth.signOutEverywhere')}</Button>
          </form>
        </div>
      </div>
    );
  };

  const accountCrumbs = (req: Parameters<typeof tOf>[0]) => [{ href: '/', label: tOf(req)('nav.home') }, { label: tOf(req)('account.title') }];
  app.get('/tai-khoan', { config: { access: 'authenticated' } }, async (req, reply) =>
    sendPage(req, reply, config, { title: tOf(req)('account.title'), breadcrumbs: accountCrumbs(req) }, accountPage(req, [])),
  );
  app.get('/tai-khoan/mat-khau', { config: { access: 'authenticated' } }, async (_req, reply) =>
    reply.redirect('/tai-khoan#doi-mat-khau', 303),
  );

  const PasswordForm = z.object({
    currentPassword: z.string().default(''),
    newPassword: z.string().default(''),
    confirmPassword: z.string().default(''),
  });
  app.post('/tai-khoan/mat-khau', { config: { access: 'authenticated' } }, async (req, reply) => {
    const t = tOf(req);
    const input = PasswordForm.parse(req.body ?? {});
    try {
      await changeOwnPassword(database, actorOf(req), req.principal!.id, input, req.session.sessionId);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return sendPage(req, reply, config, { title: t('account.title'), status: 400, hasErrors: true, breadcrumbs: accountCrumbs(req) }, accountPage(req, e.fields));
    }
    req.session.flash = { kind: 'success', text: t('account.passwordChanged') };
    return reply.redirect('/tai-khoan', 303);
  });
}
