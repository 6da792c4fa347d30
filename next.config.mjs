import createMDX from '@next/mdx';

// Turbopack passes loader options across a process boundary, so remark plugins are named by
// module specifier (a package name or an absolute path), not passed as functions.
const withMDX = createMDX({
  extension: /\.mdx$/,
  options: {
    remarkPlugins: [
      'remark-frontmatter',
      [new URL('./tooling/remark-citations.mjs', import.meta.url).pathname],
      [new URL('./tooling/remark-figure-instances.mjs', import.meta.url).pathname],
    ],
  },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  pageExtensions: ['ts', 'tsx', 'mdx'],
  // Lets several builds live side by side (tests, helpers); the server reads the same variable.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // werift and ws stay out of the bundle; they run only in the custom server.
  serverExternalPackages: ['werift', 'ws'],
};

export default withMDX(nextConfig);
