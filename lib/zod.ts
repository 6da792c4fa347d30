import { config } from 'zod';

// The site's Content-Security-Policy allows no eval (server/http/securityHeaders.ts). zod compiles fast
// object parsers with new Function when it may, and its probe for that (run as each z.object is built)
// is itself reported as a violation in the browser. jitless is what would run under the policy anyway,
// on the page and on the server alike. Every schema in lib/ imports z from here (ESLint enforces it),
// so this runs before any is built.
config({ jitless: true });

// Every export of zod, for `import * as z from '@/lib/zod'`. A namespace import lets the bundler see which
// members the schemas use and ship only those (32 kB compressed on the room page); the `z` object imported
// here and passed on (or re-exported) is opaque to it, and it then shipped all of zod with every locale's
// messages (92 kB, over the room's 190 kB budget).
export * from 'zod';
