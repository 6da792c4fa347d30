// The id a heading gets on the page (tooling/remark-heading-ids.mjs) and that a link's #anchor must name
// (the content check): lower case, letters, digits and hyphens, spaces become hyphens, as GitHub does it.
// A second heading with the same text on the page gets "-1", the third "-2".

/** "So does Discord "use UDP"?" -> "so-does-discord-use-udp" */
export function headingSlug(text) {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A function that slugs each heading of one page in order, numbering repeats. */
export function pageSlugger() {
  const seen = new Map();
  return (text) => {
    const base = headingSlug(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

/** The plain text of an mdast node: its text and inline code, without markup. */
export function nodeText(node) {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  return (node.children ?? []).map(nodeText).join('');
}
