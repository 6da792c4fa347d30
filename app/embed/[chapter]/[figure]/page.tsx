import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { figureRegistry } from '@/components/figures/registry';
import { FigureUrlScope } from '@/components/figures/FigureLink';
import { Figure } from '@/components/mdx/Figure';
import { figureUses } from '@/content/figure-uses.generated';

type Params = { chapter: string; figure: string };

/** One page per registered figure, prerendered; any other name is a 404. */
export const dynamicParams = false;

export function generateStaticParams(): Params[] {
  return Object.keys(figureRegistry).map((name) => {
    const [chapter, figure] = name.split('/');
    return { chapter, figure };
  });
}

/** The caption and text alternative a chapter gives the figure (the first plain-text ones), else its name. */
function describe(name: string): { caption: string; alt: string } {
  const uses = figureUses.filter((use) => use.figure === name);
  const caption = uses.find((use) => use.caption)?.caption ?? name;
  const alt = uses.find((use) => use.alt)?.alt ?? caption;
  return { caption, alt };
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { chapter, figure } = await params;
  const name = `${chapter}/${figure}`;
  return name in figureRegistry ? { title: describe(name).caption, robots: { index: false } } : {};
}

/**
 * One figure alone, for an instructor's slides or an iframe: /embed/mesh-vs-sfu/room?people=20 opens it with
 * those inputs (components/figures/FigureLink.tsx reads them). The only pages another site may frame
 * (lib/site/framing.ts).
 */
export default async function EmbedPage({ params }: { params: Promise<Params> }) {
  const { chapter, figure } = await params;
  const name = `${chapter}/${figure}`;
  if (!(name in figureRegistry)) notFound();
  const { caption, alt } = describe(name);
  return (
    <main id="main" className="embed-main">
      <FigureUrlScope mode="embed">
        <Figure name={name} caption={caption} alt={alt} />
      </FigureUrlScope>
    </main>
  );
}
