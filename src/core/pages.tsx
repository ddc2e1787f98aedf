import type { FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { pageHtml, tOf } from './render.js';

/** Error pages in plain language, never with a stack trace. */
export function errorPage(req: FastifyRequest, config: Config, status: number, detail?: string): string {
  const t = tOf(req);
  const key = [400, 403, 404, 409, 429].includes(status) ? status : 500;
  const isCsrf = status === 403 && /csrf/i.test(detail ?? '');
  const body = isCsrf ? t('error.csrf') : (detail ?? (t(`error.${key}.body`) === `error.${key}.body` ? '' : t(`error.${key}.body`)));
  return pageHtml(
    req,
    config,
    { title: t(`error.${key}`) },
    <>
      <h1 class="govuk-heading-l">{t(`error.${key}`)}</h1>
      {body ? <p class="govuk-body">{body}</p> : null}
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </>,
  );
}
