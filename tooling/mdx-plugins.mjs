// The remark plugins every chapter is compiled with, in order. next.config.mjs hands them to @next/mdx and
// the content check (tooling/content-check) compiles each chapter with the same list, so a chapter that
// passes the check compiles in the build. Named by module specifier (a package or an absolute path), since
// Turbopack passes loader options across a process boundary and cannot take functions.
const local = (file) => new URL(file, import.meta.url).pathname;

export const remarkPlugins = [
  'remark-frontmatter',
  local('./remark-heading-ids.mjs'),
  local('./remark-citations.mjs'),
  local('./remark-figure-instances.mjs'),
];
