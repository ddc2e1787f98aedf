// tnmt front-end start-up. Loaded with <script type="module">, so it runs only in browsers that support ES modules:
// the same check GOV.UK Frontend's usual inline snippet makes (the Content-Security-Policy forbids inline scripts).
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// Content that htmx swaps in (filtered results, polled progress) gets its GOV.UK Frontend behaviour too.
document.addEventListener('htmx:load', (event) => {
  const element = event.detail?.elt;
  if (element instanceof Element && element !== document.body) initAll(element);
});
