/**
 * Where a figure is: the id of its <figure> element on a page (a link's #anchor) and the prefix its inputs
 * carry in a chapter's URL. Plain functions without zod, so they cost a page nothing.
 *
 *   figureElementId('mesh-vs-sfu/room')      "figure-mesh-vs-sfu-room"
 *   figureElementId('mesh-vs-sfu/room', 1)   "figure-mesh-vs-sfu-room-2"  (its second appearance)
 *   figureUrlPrefix({ chapter: 'mesh-vs-sfu', figure: 'mesh-vs-sfu/room', occurrence: 0 })   "room"
 */

export interface FigurePlace {
  /** The chapter page it stands on. */
  chapter: string;
  /** Its registry name, "<home chapter>/<figure>". */
  figure: string;
  /** 0 for its first appearance on that page, 1 for the second... */
  occurrence: number;
}

/** The id of the <figure> element: "figure-" and the name with every run of other characters a hyphen. */
export function figureElementId(figure: string, occurrence = 0): string {
  return `figure-${figure.replace(/[^a-z0-9]+/gi, '-')}${occurrence > 0 ? `-${occurrence + 1}` : ''}`;
}

/**
 * The prefix of a figure's inputs in its chapter's URL ("?room.people=20"): its own name when it is at home
 * (mesh-vs-sfu/room on the mesh-vs-sfu page is "room"), the whole name with a hyphen when another chapter
 * borrows it, and "-2", "-3"... for later appearances on the same page.
 */
export function figureUrlPrefix({ chapter, figure, occurrence }: FigurePlace): string {
  const [home, own] = figure.split('/');
  const base = home === chapter ? own : `${home}-${own}`;
  return occurrence > 0 ? `${base}-${occurrence + 1}` : base;
}
