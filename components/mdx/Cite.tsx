import { getSource } from '@/lib/sources';

export interface CiteProps {
  /** The source's id in lib/sources.ts. */
  id: string;
  /** @internal Its footnote number, set by tooling/remark-citations.mjs. */
  n?: string;
  /** @internal Set on a source's first citation in the chapter, where the sources list links back to. */
  first?: string;
}

/**
 * A numbered footnote to a source in lib/sources.ts. The number is assigned at build time by
 * tooling/remark-citations.mjs (order of first appearance in the chapter).
 */
export function Cite({ id, n, first }: CiteProps) {
  const source = getSource(id);
  if (!n) throw new Error(`<Cite id="${id}"> was not numbered: is tooling/remark-citations.mjs in next.config.mjs?`);
  return (
    <sup className="cite">
      <a href={`#source-${id}`} id={first ? `cite-${id}` : undefined} aria-label={`Source ${n}: ${source.title}`}>
        [{n}]
      </a>
    </sup>
  );
}

/**
 * The chapter's sources, numbered as cited.
 * @internal Appended to every chapter by tooling/remark-citations.mjs; never written by hand.
 */
export function ChapterSources({ ids }: { ids: string }) {
  const list = ids.split(',');
  return (
    <section className="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      <ol>
        {list.map((id) => {
          const source = getSource(id);
          return (
            <li key={id} id={`source-${id}`}>
              <a href={source.url} rel="noreferrer">
                {source.title}
              </a>
              <span className="source-meta">
                {' '}
                — {source.publisher}
                {'date' in source && source.date ? `, ${source.date}` : ''}
                {'caution' in source && source.caution ? ` (${source.caution} source)` : ''}
              </span>{' '}
              <a href={`#cite-${id}`} className="source-back" aria-label="Back to where it is cited">
                ↩
              </a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
