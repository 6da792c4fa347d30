import { z } from 'zod';

// The site's Content-Security-Policy allows no eval (server/http/securityHeaders.ts). zod compiles fast
// object parsers with new Function when it may, and its probe for that (run as each z.object is built)
// is itself reported as a violation in the browser. jitless is what would run under the policy anyway,
// on the page and on the server alike. The protocol's schemas import z from here, so this runs first.
z.config({ jitless: true });

export { z };
