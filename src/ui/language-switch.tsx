import { LOCALES, type Locale, type T } from '../core/i18n/index.js';
import { cx } from './form-parts.js';
import './messages.js';
import { hrefWith, splitUrl } from './url.js';

export interface LanguageSwitchProps {
  /** The page's language (shown as current, not a link). */
  locale: Locale;
  /** Path and query of the current page (`req.url`); the links keep both and set `lang`. */
  currentPath: string;
  /** Light text for a dark background. */
  inverse?: boolean;
  t: T;
}

/** `/ho-so?page=2` + `en` → `/ho-so?page=2&lang=en`. Anything that is not a local path becomes `/`. */
export function languageHref(currentPath: string, locale: Locale): string {
  const safe = currentPath.startsWith('/') && !currentPath.startsWith('//') && !currentPath.includes('\\') ? currentPath : '/';
  const { path, query } = splitUrl(safe);
  return hrefWith(path, query, { lang: locale });
}

/** `govuk-language-navigation`: "Tiếng Việt | English", each name in its own language. */
export function LanguageSwitch(props: LanguageSwitchProps) {
  return (
    <nav
      class={cx('govuk-language-navigation', 'tnmt-language-switch', props.inverse && 'govuk-language-navigation--inverse')}
      aria-label={props.t('ui.lang.label')}
    >
      <ul class="govuk-language-navigation__list">
        {LOCALES.map((code) => (
          <li key={code} class="govuk-language-navigation__list-item">
            {code === props.locale ? (
              <span class="govuk-language-navigation__text" aria-current="true" lang={code}>
                {props.t(`ui.lang.${code}`)}
              </span>
            ) : (
              <a
                class="govuk-language-navigation__link"
                href={languageHref(props.currentPath, code)}
                lang={code}
                hreflang={code}
                rel="alternate"
              >
                {props.t(`ui.lang.${code}`)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
