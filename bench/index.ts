/**
 * `npm run bench`: the room figure's benchmark (bench/mesh-vs-sfu). It reports ratios measured side by
 * side in the same run; absolute times are context only. The SFU forwarding benchmark is separate
 * (`npm run bench:sfu`, bench/sfu/) because it pins processes to cores and runs for minutes.
 */
import { runMeshVsSfuBench } from './mesh-vs-sfu';

await runMeshVsSfuBench();
