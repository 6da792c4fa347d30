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
  // No Turbopack build cache (on by default since Next 16.3). With a cache left by an earlier build of other
  // code (a checkout after `git pull`, a helper's branch after a merge, a build that was stopped), next build
  // 16.4.5 spun in Turbopack's scheduler and never finished: three such builds here ran 11 to 55 minutes before
  // they were stopped, and the same tree built in 82 s once the cache was moved aside (a rerun with the old
  // cache put back still hung after 150 s). A warm cache builds in 22 s instead of 82; `npm start` rebuilding
  // a little slower is better than never starting. The export built without it already.
  experimental: { turbopackFileSystemCacheForBuild: false },
  // werift and ws stay out of the bundle; they run only in the custom server.
  serverExternalPackages: ['werift', 'ws'],
};

export default withMDX(nextConfig);
