/** The anchors docs/runbooks.md offers, as GitHub renders them for `## Heading` lines. */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNBOOKS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'runbooks.md');

/** GitHub's heading slug: lower-cased, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function runbookAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.+)$/.exec(line);
    if (heading?.[1]) anchors.add(headingAnchor(heading[1]));
  }
  return anchors;
}

export function readRunbookAnchors(path: string = RUNBOOKS_PATH): Set<string> {
  return runbookAnchors(readFileSync(path, 'utf8'));
}
