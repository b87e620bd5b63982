/** The "Recent error patterns" list: what the server's WARNING/ERROR/CRITICAL records were, latest first. */

import type { ErrorPatternsSection } from '../document';
import { el, fill } from './dom';
import { formatAge, formatTimestamp } from './format';

export function renderErrorPatterns(section: ErrorPatternsSection, now: number): void {
  fill(
    'error-patterns-body',
    ...(section.recent.length === 0
      ? [el('tr', {}, el('td', { className: 'empty', attrs: { colspan: '4' } }, 'No warning or error logged'))]
      : section.recent.map((p) =>
          el(
            'tr',
            { testId: 'error-pattern-row', className: `level-${p.level}` },
            el('td', { className: 'num', testId: 'error-pattern-count' }, p.count),
            el('td', { title: formatTimestamp(p.lastSeen) }, `${formatAge(now - p.lastSeen)} ago`),
            el('td', {}, p.level, el('br'), el('span', { className: 'muted' }, p.logger)),
            el(
              'td',
              {},
              el('div', { className: 'mono', testId: 'error-pattern' }, p.pattern),
              p.example === '' ? null : el('div', { className: 'muted mono', testId: 'error-pattern-example' }, p.example),
            ),
          ),
        )),
  );
  const folded =
    section.folded > 0 ? ` ${section.folded} more ${section.folded === 1 ? 'pattern was' : 'patterns were'} counted as "other" (--errors.max-patterns ${section.limit}).` : '';
  fill('error-patterns-note', `The ${section.recent.length} patterns seen last; ids, numbers, quoted values, paths and secrets are placeholders.${folded}`);
}
