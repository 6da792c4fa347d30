import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, countWords, formatProblem } from '@/scripts/content';
import { estimateMinutes, neighbours } from '@/lib/content/chapters';
import { sources } from '@/lib/sources';
import { proseValue } from '@/lib/values';
import type { ContentProblem } from '@/tooling/content-check/problems';

function contentDir(chapters: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-'));
  for (const [folder, text] of Object.entries(chapters)) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'index.mdx'), text);
  }
  return dir;
}

const words = 'Words '.repeat(400);
const good = (order: number, extra = '') => `---
title: A chapter
summary: A summary that is long enough to pass.
order: ${order}
minutes: 2
sources: [rfc6298]
---

## A voice, cut into packets

${words}<Cite id="rfc6298" />

<Dialogue>
  <Line who="learner">Why does my call freeze?</Line>
  <Line who="guide">Because something waited.</Line>
</Dialogue>

<Figure name="udp-vs-tcp/lanes" caption="One voice, two transports." alt="Two lanes of packets." />
${extra}`;

async function check(chapters: Record<string, string>) {
  return checkContent({ contentDir: contentDir(chapters) });
}

/** The problems as "line:column message", for a chapter whose text is `text`. */
async function problemsOf(text: string, folder = '01-udp-vs-tcp'): Promise<ContentProblem[]> {
  return (await check({ [folder]: text })).problems;
}

/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
/** 1-based column of `needle` on that line. */
const columnOf = (text: string, needle: string) => text.split('\n')[lineOf(text, needle) - 1].indexOf(needle) + 1;

describe('the content check', () => {
  it('accepts a well-formed chapter and reports its metadata and its figures', async () => {
    const { chapters, figureUses, problems } = await check({ '01-udp-vs-tcp': good(1) });
    expect(problems).toEqual([]);
    expect(chapters).toEqual([
      { title: 'A chapter', summary: 'A summary that is long enough to pass.', order: 1, minutes: 2, sources: ['rfc6298'], slug: 'udp-vs-tcp', folder: '01-udp-vs-tcp' },
    ]);
    expect(figureUses).toEqual([{ figure: 'udp-vs-tcp/lanes', chapter: 'udp-vs-tcp', occurrence: 0, caption: 'One voice, two transports.', alt: 'Two lanes of packets.' }]);
  });

  it('passes the chapters of this episode', async () => {
    const { chapters, problems } = await checkContent();
    expect(problems.map(formatProblem)).toEqual([]);
    expect(chapters.map((chapter) => chapter.order)).toEqual(chapters.map((_, i) => i + 1));
  });

  it('finds a chapter from its folder alone: any slug, numbered by its folder', async () => {
    const { chapters, problems } = await check({ '01-udp-vs-tcp': good(1), '02-turn-servers': good(2) });
    expect(problems).toEqual([]);
    expect(chapters.map((c) => [c.order, c.slug])).toEqual([
      [1, 'udp-vs-tcp'],
      [2, 'turn-servers'],
    ]);
  });

  it('reports every problem at once, each with file, line, column and a fix, in reading order', async () => {
    const text = good(1, '<Cite id="wikipedia" />\n\n<Term id="flux">x</Term>\n').replace('minutes: 2', 'minutes: two');
    const problems = await problemsOf(text);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [5, 'frontmatter field "minutes": Invalid input: expected number, received string'],
      [lineOf(text, 'wikipedia'), '<Cite id="wikipedia">: unknown source id'],
      [lineOf(text, 'flux'), '<Term id="flux">: unknown glossary id'],
    ]);
    expect(problems.every((p) => p.file === 'content/01-udp-vs-tcp/index.mdx' && p.column >= 1 && p.fix.length > 10)).toBe(true);
    expect(formatProblem(problems[1])).toBe(
      `content/01-udp-vs-tcp/index.mdx:${lineOf(text, 'wikipedia')}:${columnOf(text, 'id="wikipedia"')}: <Cite id="wikipedia">: unknown source id\n    fix: add the source to lib/sources.ts (title, publisher, date, url), then cite it by that id`,
    );
  });

  describe('frontmatter', () => {
    it('names a missing field, with what it holds', async () => {
      const [problem] = await problemsOf(good(1).replace('summary: A summary that is long enough to pass.\n', ''));
      expect(problem).toMatchObject({ line: 1, column: 1, message: 'frontmatter field "summary" is missing' });
      expect(problem.fix).toBe('"summary" is one sentence for the landing page and the contents, 20 to 200 characters');
    });

    it('names an unknown field and a wrong type at their lines', async () => {
      const problems = await problemsOf(good(1).replace('minutes: 2', 'minutes: two\nauthor: me'));
      expect(problems.map((p) => [p.line, p.message])).toEqual([
        [5, 'frontmatter field "minutes": Invalid input: expected number, received string'],
        [6, 'frontmatter field "author" is not one the site reads'],
      ]);
    });

    it('holds order to the folder number, without hiding the other problems', async () => {
      const text = good(9, '<Term id="flux">x</Term>\n');
      expect((await problemsOf(text)).map((p) => p.message)).toEqual([
        'frontmatter field "order" is 9, but the folder 01-udp-vs-tcp makes it chapter 1',
        '<Term id="flux">: unknown glossary id',
      ]);
    });

    it('fails on YAML that does not parse, at its line', async () => {
      const [problem] = await problemsOf(good(1).replace('title: A chapter', 'title: A chapter: with a colon'));
      expect(problem.line).toBe(2);
      expect(problem.message).toMatch(/^frontmatter is not valid YAML/);
    });

    it('fails on an unknown source id in the frontmatter, at the id', async () => {
      const [problem] = await problemsOf(good(1).replace('[rfc6298]', '[rfc6298, my-blog]'));
      expect(problem).toMatchObject({ line: 6, column: 20, message: 'frontmatter field "sources": unknown source id "my-blog"' });
    });
  });

  describe('folders', () => {
    it('rejects a folder that is not NN-slug, and numbers with a gap or a repeat', async () => {
      const { problems } = await check({ '01-udp-vs-tcp': good(1), '03-simulcast': good(3), '03-cost': good(3), 'Notes': good(1) });
      expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
        'content/03-cost/index.mdx: chapter numbers skip from 01-udp-vs-tcp to 03-cost',
        'content/03-simulcast/index.mdx: chapter number 03 is taken by 03-cost too',
        'content/Notes: "Notes" is not a chapter folder name',
      ]);
    });

    it('sorts chapters by their number whatever the folder listing order', async () => {
      const { chapters } = await check({ '02-mesh-vs-sfu': good(2), '01-udp-vs-tcp': good(1) });
      expect(chapters.map((c) => c.slug)).toEqual(['udp-vs-tcp', 'mesh-vs-sfu']);
    });
  });

  describe('MDX that does not compile', () => {
    it('reports an unclosed tag at the tag, and still runs the other checks', async () => {
      const text = good(1, '\n<Aside title="What Discord documents">\nnever closed\n\n<Cite id="wikipedia" />\n');
      const problems = await problemsOf(text);
      expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
        [lineOf(text, '<Aside'), 1, 'the MDX does not compile: Expected a closing tag for `<Aside>`'],
        [lineOf(text, 'wikipedia'), columnOf(text, 'id="wikipedia"'), '<Cite id="wikipedia">: unknown source id'],
      ]);
      expect(problems[0].fix).toMatch(/^close every tag: <Aside>…<\/Aside>/);
    });

    it('reports a stray brace at its column with how to write one', async () => {
      const text = good(1, '\nA set {of things\n');
      const [problem] = await problemsOf(text);
      expect(problem).toMatchObject({ line: lineOf(text, 'A set'), column: 17 });
      expect(problem.message).toMatch(/^the MDX does not compile: Unexpected end of file in expression/);
      expect(problem.fix).toMatch(/write \\\{ for a literal brace/);
    });

    it('reports an error the build would hit in a remark plugin (a <Cite> without id)', async () => {
      const text = good(1, '\n<Cite />\n');
      const messages = (await problemsOf(text)).map((p) => p.message);
      expect(messages).toContain('the MDX does not compile: <Cite> needs an id, e.g. <Cite id="rfc6298" />');
      expect(messages).toContain('<Cite> needs id="…"');
    });
  });

  describe('components and their props (read from mdx-components.tsx)', () => {
    it('fails on a dialogue speaker other than learner or guide', async () => {
      const text = good(1).replace('<Line who="guide">', '<Line who="teacher">');
      const [problem] = await problemsOf(text);
      expect(problem).toMatchObject({ line: lineOf(text, 'teacher'), column: columnOf(text, 'who="teacher"'), message: '<Line who="teacher">: who is "learner" or "guide"' });
      expect(problem.fix).toBe('who="learner" for Milo, who asks; who="guide" for Ada, who explains');
    });

    it('fails on a line outside a dialogue', async () => {
      const text = good(1, '\n<Line who="guide">Alone.</Line>\n');
      expect((await problemsOf(text)).map((p) => p.message)).toEqual(['<Line> stands outside a <Dialogue>']);
    });

    it('fails on an unknown component, suggesting the nearest', async () => {
      const [problem] = await problemsOf(good(1, '\n<Asdie title="x">Note.</Asdie>\n'));
      expect(problem.message).toBe('<Asdie> is not a component chapters can use. Did you mean "Aside"?');
      expect(problem.fix).toContain('<Dialogue>, <Line>, <Figure>, <Cite>');
    });

    it('fails on an unknown prop and on a prop the build sets', async () => {
      const text = good(1, '\n<Cite id="rfc6298" n="3" />\n').replace('alt="Two lanes', 'titel="x" alt="Two lanes');
      expect((await problemsOf(text)).map((p) => p.message)).toEqual(['<Figure> has no prop "titel".', '<Cite n> is set by the build']);
    });

    it('accepts HTML elements', async () => {
      expect(await problemsOf(good(1, '\nA<br />B <abbr title="Real-time Transport Protocol">RTP</abbr>\n'))).toEqual([]);
    });
  });

  describe('figures', () => {
    it('fails on a <Figure> without a caption or with an empty text alternative', async () => {
      const text = good(1).replace('caption="One voice, two transports." alt="Two lanes of packets."', 'alt=""');
      const problems = await problemsOf(text);
      expect(problems.map((p) => p.message)).toEqual(['<Figure> needs caption="…"', '<Figure alt=""> is empty']);
      expect(problems[1].fix).toBe('give the figure a text alternative (what the figure shows, in words, for a reader who cannot see it)');
    });

    it('fails on a figure that is not registered, saying how to make it', async () => {
      const [problem] = await problemsOf(good(1).replace('udp-vs-tcp/lanes', 'udp-vs-tcp/packet-race'));
      expect(problem.message).toBe('<Figure name="udp-vs-tcp/packet-race">: no such figure.');
      expect(problem.fix).toBe('register it in components/figures/udp-vs-tcp/registry.ts; npm run new:figure -- udp-vs-tcp PacketRace makes one');
    });

    it('accepts an alt written as a fragment quoting values, and lists it as the prose reads', async () => {
      const text = good(1).replace('alt="Two lanes of packets."', 'alt={<>Two lanes; TCP freezes for\n  <Value of="transport.freezeMs.linux" /> on Linux.</>}');
      const { problems, figureUses } = await check({ '01-udp-vs-tcp': text });
      expect(problems).toEqual([]);
      expect(figureUses[0].alt).toBe(`Two lanes; TCP freezes for ${proseValue('transport.freezeMs.linux').text} on Linux.`);
    });

    it('lists an alt written as any other expression as having no plain text', async () => {
      const text = good(1).replace('alt="Two lanes of packets."', 'alt={`Two lanes`}');
      const { problems, figureUses } = await check({ '01-udp-vs-tcp': text });
      expect(problems).toEqual([]);
      expect(figureUses[0].alt).toBeNull();
    });
  });

  describe('sources', () => {
    it('fails on a citation that does not exist', async () => {
      expect((await problemsOf(good(1, '<Cite id="wikipedia" />'))).map((p) => p.message)).toEqual(['<Cite id="wikipedia">: unknown source id']);
    });

    it('fails on a source listed but never cited, and on one cited but not listed', async () => {
      const listedOnly = good(1).replace('[rfc6298]', '[rfc6298, rfc3550]');
      expect((await problemsOf(listedOnly)).map((p) => [p.line, p.column, p.message])).toEqual([
        [6, 20, 'frontmatter field "sources" lists "rfc3550", which the chapter never cites'],
      ]);
      const citedOnly = good(1, 'RTP <Cite id="rfc3550" /> and again <Cite id="rfc3550" />.\n');
      expect((await problemsOf(citedOnly)).map((p) => p.message)).toEqual(['<Cite id="rfc3550"> is cited but not listed in the frontmatter\'s sources']);
    });

    it('fails on a glossary term that does not exist', async () => {
      expect((await problemsOf(good(1, '<Term id="flux">x</Term>'))).map((p) => p.message)).toEqual(['<Term id="flux">: unknown glossary id']);
    });
  });

  describe('internal links', () => {
    const two = (extra: string) => ({ '01-udp-vs-tcp': good(1, extra), '02-mesh-vs-sfu': good(2) });

    it('accepts links to chapters, their sections and figures, the site pages, and other sites', async () => {
      const links = [
        '[a](/learn/mesh-vs-sfu)',
        '[b](/learn/mesh-vs-sfu#a-voice-cut-into-packets)',
        '[c](#figure-udp-vs-tcp-lanes)',
        '[d](/room/lobby)',
        '[e](/present/udp-vs-tcp)',
        '[f](https://www.rfc-editor.org/rfc/rfc6298)',
        '<a href="/learn/udp-vs-tcp#sources-heading">h</a>',
      ].join(' ');
      expect((await check(two(`\n${links}\n`))).problems).toEqual([]);
    });

    it('fails on a link to a chapter that does not exist, a missing #anchor and a page that does not exist', async () => {
      const text = '\n[a](/learn/mesh-vs-sf) [b](/learn/mesh-vs-sfu#the-mesh) [c](#a-voice) [d](/lern/mesh-vs-sfu) [e](mesh-vs-sfu)\n';
      const { problems } = await check(two(text));
      expect(problems.map((p) => p.message)).toEqual([
        'link "/learn/mesh-vs-sf": there is no chapter "mesh-vs-sf". Did you mean "mesh-vs-sfu"?',
        'link "/learn/mesh-vs-sfu#the-mesh": chapter "mesh-vs-sfu" has no #the-mesh.',
        'link "#a-voice": this chapter has no #a-voice.',
        'link "/lern/mesh-vs-sfu" leads to no page',
        'link "mesh-vs-sfu" is relative',
      ]);
      expect(problems.slice(0, 2).map((p) => p.column)).toEqual([1, 24]);
    });
  });

  it('catches a reading time that does not match the text', async () => {
    const text = good(1).replace('minutes: 2', 'minutes: 30');
    const [problem] = await problemsOf(text);
    expect(problem).toMatchObject({ line: 5, message: 'frontmatter field "minutes" says 30, but the text and figures take about 3', fix: 'write minutes: 3' });
  });

  it('holds the stated reading time to within a minute of the estimate', async () => {
    expect((await problemsOf(good(1).replace('minutes: 2', 'minutes: 5'))).map((p) => p.message)).toEqual([
      'frontmatter field "minutes" says 5, but the text and figures take about 3',
    ]);
    expect(await problemsOf(good(1).replace('minutes: 2', 'minutes: 4'))).toEqual([]);
  });

  it('does not count a figure’s caption and alt text, quoted or a fragment with values, as prose to read', () => {
    const figure = `<Figure\n  name="udp-vs-tcp/lanes"\n  caption={<>A long caption ${'word '.repeat(300)}<Value of="transport.freezeMs.linux" /></>}\n  alt="${'word '.repeat(300)}"\n/>\n`;
    expect(countWords(`Two words\n${figure}and three more`)).toBe(5);
  });

  describe('values quoted from the models', () => {
    it('accepts a registered value name', async () => {
      expect(await problemsOf(good(1, 'Linux waits <Value of="transport.freezeMs.linux" />.\n'))).toEqual([]);
    });

    it('fails on an unknown value name at its line and column, suggesting the nearest', async () => {
      const text = good(1, 'The timer waits <Value of="transport.freezeMs.linux" />.\n\nIt waits <Value of="transport.freezeMs.linx" /> too.\n');
      const problems = await problemsOf(text);
      expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
        [lineOf(text, 'linx'), columnOf(text, 'of="transport.freezeMs.linx"'), '<Value of="transport.freezeMs.linx">: unknown value name. Did you mean "transport.freezeMs.linux"?'],
      ]);
      expect(problems[0].fix).toMatch(/^register it in lib\/values\//);
    });
  });
});

describe('the sources list', () => {
  it('holds only sources some chapter cites (a source nobody cites is removed, or cited where it teaches something)', async () => {
    const { chapters, problems } = await checkContent();
    expect(problems.map(formatProblem)).toEqual([]);
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
