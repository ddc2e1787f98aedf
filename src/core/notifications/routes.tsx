import type { FastifyInstance } from 'fastify';
import { formatDateTime } from '../format/index.js';
import type { AppContext } from '../http.js';
import { addMessages } from '../i18n/index.js';
import { sendPage, setUnreadCounter, tOf } from '../render.js';
import { Button, CsrfField, EmptyState, Tag } from '../../ui/index.js';
import { listNotifications, markRead, unreadCount } from './index.js';

addMessages({
  vi: {
    'notifications.title': 'Thông báo',
    'notifications.markAll': 'Đánh dấu tất cả là đã đọc',
    'notifications.markOne': 'Đã đọc',
    'notifications.unread': 'Chưa đọc',
    'notifications.empty': 'Bạn chưa có thông báo nào.',
  },
  en: {
    'notifications.title': 'Notifications',
    'notifications.markAll': 'Mark all as read',
    'notifications.markOne': 'Mark as read',
    'notifications.unread': 'Unread',
    'notifications.empty': 'You have no notifications yet.',
  },
});

/** The signed-in user's own notifications; nobody reads or marks another user's. */
export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  setUnreadCounter((userId) => unreadCount(database.db, userId));

  app.get('/thong-bao', { config: { access: 'authenticated' } }, async (req, reply) => {
    const t = tOf(req);
    const items = await listNotifications(database.db, req.principal!.id, { limit: 100 });
    return sendPage(
      req,
      reply,
      config,
      { title: t('notifications.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('notifications.title') }] },
      <>
        <h1 class="govuk-heading-l">{t('notifications.title')}</h1>
        {items.length === 0 ? (
          <EmptyState t={t} body={t('notifications.empty')} />
        ) : (
          <>
            <form method="post" action="/thong-bao/da-doc">
              <CsrfField token={req.csrfToken()} />
              <input type="hidden" name="id" value="all" />
              <Button variant="secondary">{t('notifications.markAll')}</Button>
            </form>
            <ul class="govuk-list tnmt-notifications">
              {items.map((n) => (
                <li key={n.id}>
                  <p class="govuk-body govuk-!-margin-bottom-1">
                    {n.readAt ? null : <Tag colour="orange">{t('notifications.unread')}</Tag>}{' '}
                    <strong>{n.link ? <a class="govuk-link" href={n.link}>{n.title}</a> : n.title}</strong>
                  </p>
                  {n.body ? <p class="govuk-body govuk-!-margin-bottom-1">{n.body}</p> : null}
                  <p class="govuk-hint govuk-!-margin-bottom-1">{formatDateTime(n.createdAt, req.locale)}</p>
                  {n.readAt ? null : (
                    <form method="post" action="/thong-bao/da-doc">
                      <CsrfField token={req.csrfToken()} />
                      <input type="hidden" name="id" value={String(n.id)} />
                      <Button variant="secondary" class="govuk-!-margin-bottom-0">
                        {t('notifications.markOne')}
                        <span class="govuk-visually-hidden">: {n.title}</span>
                      </Button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </>,
    );
  });

  app.post('/thong-bao/da-doc', { config: { access: 'authenticated' } }, async (req, reply) => {
    const raw = String((req.body as Record<string, string> | undefined)?.id ?? '');
    const id = raw === 'all' ? 'all' : Number.parseInt(raw, 10);
    if (id === 'all' || (Number.isInteger(id) && id > 0)) await markRead(database.db, req.principal!.id, id);
    return reply.redirect('/thong-bao', 303);
  });

  app.get(
    '/api/v1/notifications',
    { config: { access: 'authenticated' }, schema: { tags: ['account'], summary: 'The caller’s notifications, newest first' } },
    async (req) => ({
      unread: await unreadCount(database.db, req.principal!.id),
      items: await listNotifications(database.db, req.principal!.id, { limit: 100 }),
    }),
  );
}
