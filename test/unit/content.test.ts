import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, countWords, formatProblem } from '@/scripts/content';
import { estimateMinutes, neighbours } from '@/lib/content/chapters';
import { sources } from '@/lib/sources';

function contentDir(chapters: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-'));
  for (const [folder, text] of Object.entries(chapters)) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'index.mdx'), text);
  }
  return dir;
}

const body = `${'Words '.repeat(400)}<Cite id="rfc6298" />\n`;
const good = (order: number, extra = '') => `---
title: A chapter
summary: A summary that is long enough to pass.
order: ${order}
minutes: 2
sources: [rfc6298]
---
${body}${extra}
`;

describe('the content check', () => {
  it('accepts a well-formed chapter and reports its metadata', () => {
    const { chapters, problems } = checkContent(contentDir({ '01-udp-vs-tcp': good(1) }));
    expect(problems).toEqual([]);
    expect(chapters).toMatchObject([{ slug: 'udp-vs-tcp', folder: '01-udp-vs-tcp', order: 1, minutes: 2 }]);
  });

  it('names the file and the field when frontmatter is missing a field', () => {
    const text = good(1).replace('minutes: 2\n', '');
    const { problems } = checkContent(contentDir({ '01-udp-vs-tcp': text }));
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('content/01-udp-vs-tcp/index.mdx');
    expect(problems[0].message).toContain('frontmatter field "minutes"');
  });

  it('rejects an unknown frontmatter field and a wrong type', () => {
    const text = good(1).replace('minutes: 2', 'minutes: two\nauthor: me');
    const messages = checkContent(contentDir({ '01-udp-vs-tcp': text })).problems.map((p) => p.message).join('\n');
    expect(messages).toContain('"minutes"');
    expect(messages).toMatch(/author/);
  });

  it('fails on a citation, a term or a figure that does not exist', () => {
    const text = good(1, '<Cite id="wikipedia" /> <Term id="flux">x</Term> <Figure name="udp-vs-tcp/nope" caption="c" alt="a" />');
    const messages = checkContent(contentDir({ '01-udp-vs-tcp': text })).problems.map((p) => p.message);
    expect(messages).toEqual([
      '<Cite id="wikipedia">: unknown source id (add it to lib/sources.ts)',
      '<Term id="flux">: unknown glossary id (add it to lib/glossary.ts)',
      '<Figure name="udp-vs-tcp/nope">: not registered in components/figures/udp-vs-tcp/registry.ts',
    ]);
  });

  it('fails on an unknown value name, naming the file and the line', () => {
    const text = good(1, 'The timer waits <Value of="transport.freezeMs.linux" />.\n\nIt waits <Value of="transport.freezeMs.bsd" /> too.\n');
    const { problems } = checkContent(contentDir({ '01-udp-vs-tcp': text }));
    const line = text.split('\n').findIndex((l) => l.includes('freezeMs.bsd')) + 1;
    expect(problems).toEqual([
      { file: 'content/01-udp-vs-tcp/index.mdx', line, message: '<Value of="transport.freezeMs.bsd">: unknown value name (register it in lib/values/)' },
    ]);
    expect(formatProblem(problems[0])).toBe(`content/01-udp-vs-tcp/index.mdx:${line}: <Value of="transport.freezeMs.bsd">: unknown value name (register it in lib/values/)`);
  });

  it('accepts a registered value name', () => {
    const text = good(1, 'Linux waits <Value of="transport.freezeMs.linux" />.\n');
    expect(checkContent(contentDir({ '01-udp-vs-tcp': text })).problems).toEqual([]);
  });

  it('gives the line of a bad citation, term or figure', () => {
    const text = good(1, '\n<Term id="flux">x</Term>\n');
    const { problems } = checkContent(contentDir({ '01-udp-vs-tcp': text }));
    expect(problems.map((p) => p.line)).toEqual([text.split('\n').indexOf('<Term id="flux">x</Term>') + 1]);
  });

  it('fails on a listed source the chapter never cites, and on a cited source it does not list', () => {
    const listedOnly = good(1).replace('[rfc6298]', '[rfc6298, rfc3550]');
    expect(checkContent(contentDir({ '01-udp-vs-tcp': listedOnly })).problems.map((p) => p.message)).toEqual([
      'frontmatter field "sources": lists "rfc3550", which the chapter never cites (cite it or remove it)',
    ]);
    const citedOnly = good(1, 'RTP <Cite id="rfc3550" /> and again <Cite id="rfc3550" />.\n');
    expect(checkContent(contentDir({ '01-udp-vs-tcp': citedOnly })).problems.map((p) => p.message)).toEqual([
      '<Cite id="rfc3550">: cited but missing from the frontmatter field "sources"',
    ]);
  });

  it('fails on an unknown source id in the frontmatter', () => {
    const text = good(1).replace('[rfc6298]', '[rfc6298, my-blog]');
    const { problems } = checkContent(contentDir({ '01-udp-vs-tcp': text }));
    expect(problems.map((p) => p.message)).toEqual(['frontmatter field "sources": unknown source id "my-blog" (lib/sources.ts)']);
  });

  it('keeps chapters in the episode order and rejects slugs that are not chapters', () => {
    const { problems } = checkContent(contentDir({ '03-udp-vs-tcp': good(3), '02-gossip': good(2) }));
    const messages = problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages.some((m) => m.startsWith('content/03-udp-vs-tcp/index.mdx: frontmatter field "order"'))).toBe(true);
    expect(messages.some((m) => m.includes('slug "gossip" is not one of the episode'))).toBe(true);
  });

  it('catches a reading time that does not match the text', () => {
    const text = good(1).replace('minutes: 2', 'minutes: 30');
    const { problems } = checkContent(contentDir({ '01-udp-vs-tcp': text }));
    expect(problems.map((p) => p.message)).toEqual(['frontmatter field "minutes": says 30, but the text and figures take about 2']);
  });

  it('holds the stated reading time to within a minute of the estimate', () => {
    const text = good(1).replace('minutes: 2', 'minutes: 4');
    expect(checkContent(contentDir({ '01-udp-vs-tcp': text })).problems.map((p) => p.message)).toEqual([
      'frontmatter field "minutes": says 4, but the text and figures take about 2',
    ]);
    expect(checkContent(contentDir({ '01-udp-vs-tcp': good(1).replace('minutes: 2', 'minutes: 3') })).problems).toEqual([]);
  });

  it('does not count a figure’s caption and alt text, quoted or a fragment with values, as prose to read', () => {
    const figure = `<Figure\n  name="udp-vs-tcp/lanes"\n  caption={<>A long caption ${'word '.repeat(300)}<Value of="transport.freezeMs.linux" /></>}\n  alt="${'word '.repeat(300)}"\n/>\n`;
    expect(countWords(`Two words\n${figure}and three more`)).toBe(5);
  });

  it('sorts chapters by order whatever the folder listing order', () => {
    const { chapters } = checkContent(contentDir({ '02-mesh-vs-sfu': good(2), '01-udp-vs-tcp': good(1) }));
    expect(chapters.map((c) => c.slug)).toEqual(['udp-vs-tcp', 'mesh-vs-sfu']);
  });
});

describe('the sources list', () => {
  it('holds only sources some chapter cites (a source nobody cites is removed, or cited where it teaches something)', () => {
    const { chapters, problems } = checkContent();
    expect(problems).toEqual([]);
    const cited = new Set(chapters.flatMap((chapter) => chapter.sources));
    expect(Object.keys(sources).filter((id) => !cited.has(id))).toEqual([]);
  });
});

describe('chapter helpers', () => {
  it('finds the previous and next written chapter', () => {
    const list = [{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }];
    expect(neighbours(list, 'b')).toEqual({ previous: { slug: 'a' }, next: { slug: 'c' } });
    expect(neighbours(list, 'a')).toEqual({ previous: undefined, next: { slug: 'b' } });
    expect(neighbours(list, 'c')).toEqual({ previous: { slug: 'b' }, next: undefined });
  });

  it('estimates reading time at 200 words a minute plus a minute per figure', () => {
    expect(estimateMinutes(2000, 3)).toBe(13);
    expect(estimateMinutes(50, 0)).toBe(1);
  });
});
