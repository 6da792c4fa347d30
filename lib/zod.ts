import { z } from 'zod';

// The site's Content-Security-Policy allows no eval (server/http/securityHeaders.ts). zod compiles fast
// object parsers with new Function when it may, and its probe for that (run as each z.object is built)
// is itself reported as a violation in the browser. jitless is what would run under the policy anyway,
// on the page and on the server alike. Every schema in lib/ imports z from here (ESLint enforces it),
// so this runs before any is built.
z.config({ jitless: true });

export { z };
