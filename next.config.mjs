import createMDX from '@next/mdx';
import { remarkPlugins } from './tooling/mdx-plugins.mjs';

// The chapters' remark plugins are listed once, in tooling/mdx-plugins.mjs, which the content check
// compiles every chapter with too.
const withMDX = createMDX({
  extension: /\.mdx$/,
  options: { remarkPlugins: remarkPlugins.map((plugin) => [plugin]) },
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
