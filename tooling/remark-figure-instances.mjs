// remark plugin: gives every <Figure> in a chapter its instance identity, the chapter's slug (from the
// folder name content/NN-slug/) and its occurrence (0 for the first <Figure> of that name in the chapter,
// 1 for the second...). The figure inputs layer (components/figures/figureInputs.tsx) keys each figure's
// inputs by these, so presenter sync, URLs and embeds all name a figure the same way.
import path from 'node:path';
import { visit } from 'unist-util-visit';
import { attribute, setAttribute } from './mdx-attributes.mjs';

export default function remarkFigureInstances() {
  return (tree, file) => {
    const folder = file.path ? path.basename(path.dirname(file.path)) : '';
    const chapter = /^\d\d-(.+)$/.exec(folder)?.[1];
    const seen = new Map();
    visit(tree, (node) => {
      if ((node.type !== 'mdxJsxTextElement' && node.type !== 'mdxJsxFlowElement') || node.name !== 'Figure') return;
      const name = attribute(node, 'name');
      if (!name) return;
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      if (chapter) setAttribute(node, 'chapter', chapter);
      setAttribute(node, 'occurrence', String(occurrence));
    });
  };
}
