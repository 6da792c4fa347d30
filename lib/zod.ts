import { config } from 'zod';

// The site's Content-Security-Policy allows no eval (server/http/securityHeaders.ts). zod compiles fast
// object parsers with new Function when it may, and its probe for that (run as each z.object is built)
// is itself reported as a violation in the browser. jitless is what would run under the policy anyway,
// on the page and on the server alike. Every module that builds a schema imports this first, for its
// effect, then z from zod itself (test/unit/zod-jitless.test.ts checks both): re-exporting z from here
// kept the bundler from leaving out the parts of zod a page does not use, and put all of it, every
// locale included, into the room page (249 kB against its 190 kB budget, from 190 kB).
config({ jitless: true });
