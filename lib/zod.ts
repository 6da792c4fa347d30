import { config } from 'zod';

// The site's Content-Security-Policy allows no eval (server/http/securityHeaders.ts). zod compiles fast
// object parsers with new Function when it may, and its probe for that (run as each z.object is built)
// is itself reported as a violation in the browser. jitless is what would run under the policy anyway,
// on the page and on the server alike. Every schema in lib/ imports z from here (ESLint enforces it),
// so this runs before any is built.
config({ jitless: true });

// Re-exported as a namespace, not as the `z` object imported from 'zod': a module that passes that object
// on keeps every member of it alive, and the bundler then ships all of zod with every locale's messages
// (92 kB compressed on the room page, over its 190 kB budget); through `export * as` the bundler still sees
// which members the schemas use.
export * as z from 'zod';
