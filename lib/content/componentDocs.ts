/**
 * What the site knows of each MDX component a chapter can use, read from the code by the content check
 * (tooling/content-check/components.ts) into components/mdx/components.generated.json; /catalog shows it and
 * the check validates chapters' tags against it.
 */

export interface PropDoc {
  name: string;
  /** As TypeScript prints it; a union of string literals is spelled out: '"learner" | "guide"'. */
  type: string;
  required: boolean;
  description: string;
  /** The string values it accepts, when its type is a union of string literals. */
  values: string[] | null;
  /** Set by the build (a remark plugin), not by an author (`@internal` in its doc comment). */
  internal: boolean;
}

export interface ComponentDoc {
  /** The tag a chapter writes: "Figure", or "a" for a component that replaces an HTML element. */
  name: string;
  /** Relative to the root: "components/mdx/Figure.tsx". */
  file: string;
  description: string;
  props: PropDoc[];
  /** Whether it takes content between its tags. */
  children: boolean;
  /** Added by the build, never written by an author (`@internal` in its doc comment). */
  internal: boolean;
  /**
   * Its props come from a type outside components/mdx (React's own, for a component that replaces an HTML
   * element such as `a`), so they are not listed and not checked.
   */
  openProps: boolean;
  /** Its example, the MDX in components/mdx/examples/<name>.mdx that /catalog shows live beside its source. */
  example: string | null;
}
