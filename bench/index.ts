/**
 * `npm run bench`: the room figure's benchmark (bench/mesh-vs-sfu) and the class follow service's
 * fan-out (bench/follow). It reports ratios measured side by
 * side in the same run; absolute times are context only. The SFU forwarding benchmark is separate
 * (`npm run bench:sfu`, bench/sfu/) because it pins processes to cores and runs for minutes.
 */
import { runMeshVsSfuBench } from './mesh-vs-sfu';
import { runFollowBench } from './follow';

await runMeshVsSfuBench();
// One class session with 200 simulated followers: fan-out time p50/p99, beside a plain broadcast loop.
await runFollowBench();
