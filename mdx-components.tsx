import type { MDXComponents } from 'mdx/types';
import { Dialogue, Line } from '@/components/mdx/Dialogue';
import { Figure } from '@/components/mdx/Figure';
import { Cite, ChapterSources } from '@/components/mdx/Cite';
import { Aside } from '@/components/mdx/Aside';
import { Term } from '@/components/mdx/Term';
import { Value } from '@/components/mdx/Value';
import { Notes } from '@/components/mdx/Notes';
import { ProseLink } from '@/components/mdx/ProseLink';

/**
 * The component map every chapter gets. @next/mdx resolves this file as MDX's provider
 * (the server-component equivalent of @mdx-js/react's MDXProvider), so chapters use these tags
 * without importing anything. Documented with examples in components/README.md.
 */
const components: MDXComponents = {
  Dialogue,
  Line,
  Figure,
  Cite,
  ChapterSources,
  Aside,
  Term,
  Value,
  Notes,
  a: ProseLink,
};

export function useMDXComponents(inherited: MDXComponents = {}): MDXComponents {
  return { ...inherited, ...components };
}
