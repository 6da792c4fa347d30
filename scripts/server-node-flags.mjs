// The V8 flags the site's server runs with: `npm start`, the server the tests and benchmarks start from outside
// (server-process.mjs), and bench:sfu's forwarder (so the benchmark measures the room as the site runs it).
//
// --max-semi-space-size=64 (MB; V8's default on this machine is 16): a young generation that holds a few seconds
// of the SFU's allocation, so objects that live a second or two (RTCP timers' promises, stats messages, receive
// statistics) die there instead of being promoted. In the 50-camera meeting (docs/sfu-performance.md, round 5)
// the old generation then grew 0.27 MB a second instead of 0.9-1.0, and every major collection marks the whole
// ~280 MB heap, half a second of one core; scavenges ran every 3-4 s instead of twice a second, with pauses
// of the same 11-20 ms. It costs 96 MB more of reserved young space.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
