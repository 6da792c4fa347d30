import type { ReactNode } from 'react';
import { glossary, isGlossaryId } from '@/lib/glossary';
import { TermPopover } from './TermPopover';

/** A glossary word: shows its definition from lib/glossary.ts in a popover on click or Enter. */
export function Term({ id, children }: { /** The entry's id in lib/glossary.ts. */ id: string; children?: ReactNode }) {
  if (!isGlossaryId(id)) throw new Error(`<Term id="${id}">: unknown glossary id (lib/glossary.ts)`);
  const entry = glossary[id];
  return (
    <TermPopover term={entry.term} definition={entry.definition}>
      {children ?? entry.term}
    </TermPopover>
  );
}
