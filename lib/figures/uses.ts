/** One <Figure> in a chapter, as the content check found it (content/figure-uses.generated.ts lists them all). */
export interface FigureUse {
  /** Its registry name, "<chapter>/<figure>". */
  figure: string;
  /** The chapter it stands in. */
  chapter: string;
  /** 0 for the first <Figure> of that name in the chapter, 1 for the second... */
  occurrence: number;
  /** Its caption and text alternative as written, when they are plain text (null for an expression). */
  caption: string | null;
  alt: string | null;
}
