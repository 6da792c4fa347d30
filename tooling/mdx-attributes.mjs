// Reading and writing the string attributes of an MDX JSX element (<Cite id="…">, <Figure name="…">) in the
// remark plugins of this folder.

export function attribute(node, name) {
  const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return typeof attr?.value === 'string' ? attr.value : undefined;
}

export function setAttribute(node, name, value) {
  node.attributes = (node.attributes ?? []).filter((a) => a.name !== name);
  node.attributes.push({ type: 'mdxJsxAttribute', name, value });
}
