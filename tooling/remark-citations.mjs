// remark plugin: numbers a chapter's <Cite id="..."/> tags in order of first appearance and appends
// <ChapterSources ids="a,b,..."/> at the end of the chapter, so footnote numbers and the sources
// list come from one pass over the text. Unknown ids are caught earlier by `npm run content`
// (scripts/content.ts), which runs before every build.
import { visit } from 'unist-util-visit';
import { attribute, setAttribute } from './mdx-attributes.mjs';

export default function remarkCitations() {
  return (tree, file) => {
    const order = [];
    visit(tree, (node) => {
      if ((node.type !== 'mdxJsxTextElement' && node.type !== 'mdxJsxFlowElement') || node.name !== 'Cite') return;
      const id = attribute(node, 'id');
      if (!id) {
        file.fail('<Cite> needs an id, e.g. <Cite id="rfc6298" />', node);
        return;
      }
      const first = !order.includes(id);
      if (first) order.push(id);
      setAttribute(node, 'n', String(order.indexOf(id) + 1));
      if (first) setAttribute(node, 'first', 'true');
    });
    if (order.length > 0) {
      tree.children.push({
        type: 'mdxJsxFlowElement',
        name: 'ChapterSources',
        attributes: [{ type: 'mdxJsxAttribute', name: 'ids', value: order.join(',') }],
        children: [],
      });
    }
  };
}
