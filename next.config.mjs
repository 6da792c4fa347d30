import createMDX from '@next/mdx';
import { remarkPlugins } from './tooling/mdx-plugins.mjs';

// The chapters' remark plugins are listed once, in tooling/mdx-plugins.mjs, which the content check
// compiles every chapter with too.
const withMDX = createMDX({
  extension: /\.mdx$/,
  options: { remarkPlugins: remarkPlugins.map((plugin) => [plugin]) },
});

/**
 * `npm run export` (scripts/export.mjs) sets NEXT_EXPORT=1: the landing page and the chapters become plain
 * files in out/ for any static host or CDN. Routes that need this Node server (the room, /present and
 * /follow, which live on its /ws socket) name their page `page.server.tsx`, an extension only the server
 * build reads, so the export leaves them out; NEXT_PUBLIC_ROOM_ORIGIN points the exported pages' room
 * links, and the live figures' API calls and sockets, at the server.
 */
const isExport = process.env.NEXT_EXPORT === '1';

/** @type {import('next').NextConfig} */
const nextConfig = {
  ...(isExport ? { output: 'export' } : {}),
  pageExtensions: isExport ? ['ts', 'tsx', 'mdx'] : ['server.tsx', 'ts', 'tsx', 'mdx'],
  // Lets several builds live side by side (tests, helpers); the server reads the same variable.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // NEXT_SKIP_TYPE_CHECK=1: the e2e runner's builds (scripts/e2e.mjs) skip the type check that
  // `npm run check` has just run over the same files, route types included (scripts/check.mjs).
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPE_CHECK === '1' },
  reactStrictMode: true,
  // An export builds in a .next of its own that scripts/export.mjs deletes afterwards, so Turbopack's build
  // cache would be written (half a minute on 2 cores) and never read.
  experimental: { turbopackFileSystemCacheForBuild: !isExport },
  // werift and ws stay out of the bundle; they run only in the custom server.
  serverExternalPackages: ['werift', 'ws'],
};

export default withMDX(nextConfig);
