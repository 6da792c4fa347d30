// remark plugin: gives every heading of a chapter an id from its text (tooling/slug.mjs), so a link can
// point at a section: [the mesh](/learn/mesh-vs-sfu#the-mesh-everyone-calls-everyone). The content check
// computes the same ids to catch a link to a section that does not exist.
import { visit } from 'unist-util-visit';
import { nodeText, pageSlugger } from './slug.mjs';

export default function remarkHeadingIds() {
  return (tree) => {
    const slug = pageSlugger();
    visit(tree, 'heading', (node) => {
      node.data ??= {};
      node.data.hProperties = { ...node.data.hProperties, id: slug(nodeText(node)) };
    });
  };
}
