import type { ComponentProps } from 'react';
import { withRoomOrigin } from '@/components/roomOrigin';

/** A Markdown link in a chapter. A link to a room goes to where the room runs (see components/roomOrigin.ts). */
export function ProseLink({ href, ...props }: ComponentProps<'a'>) {
  return <a href={href === undefined ? undefined : withRoomOrigin(href)} {...props} />;
}
