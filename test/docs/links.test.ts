/**
 * Every relative link in README.md, the folder READMEs and docs/ points at a file that exists (and,
 * with a #fragment into a Markdown file, at a heading that exists), so moving a page cannot leave a
 * dead link behind.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md, the README.md of each top-level folder, and every page in docs/. */
function markdownFiles(): string[] {
  const top = readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules');
  const folderReadmes = top.map((e) => join(ROOT, e.name, 'README.md')).filter((f) => existsSync(f));
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f));
  return [join(ROOT, 'README.md'), ...folderReadmes, ...docs];
}

/** GitHub's heading anchors: lower-case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1] ?? '');
  return new Set(headings.map((h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

/** `[text](target)` links outside code blocks and code spans, with their line numbers. */
function relativeLinks(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*```/.test(text)) inFence = !inFence;
    if (inFence) return;
    for (const m of text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] ?? '';
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ target, line: i + 1 });
    }
  });
  return links;
}

describe('documentation links', () => {
  it('finds the links it checks (the extractor is not blind)', () => {
    expect(relativeLinks('see [a](docs/a.md) and `[b](c)`\n```\n[d](e)\n```\n[f](https://x)')).toEqual([{ target: 'docs/a.md', line: 1 }]);
  });

  for (const file of markdownFiles()) {
    it(`${relative(ROOT, file)}: every relative link resolves`, () => {
      const broken: string[] = [];
      for (const { target, line } of relativeLinks(readFileSync(file, 'utf8'))) {
        const [path = '', fragment] = target.split('#');
        const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
        if (!existsSync(resolved)) broken.push(`line ${line}: ${target} (no such file)`);
        else if (fragment && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(fragment)) broken.push(`line ${line}: ${target} (no such heading)`);
      }
      expect(broken).toEqual([]);
    });
  }

  it('keeps the README to one page (at most 12 KB)', () => {
    expect(readFileSync(join(ROOT, 'README.md')).length).toBeLessThanOrEqual(12 * 1024);
  });
});
