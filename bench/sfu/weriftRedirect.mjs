// Loaded with `node --import` into the forwarder only when BENCH_WERIFT_DIR is set: resolves
// 'werift' to another copy (e.g. an unpatched one) so a before/after comparison runs the same
// bench code against both. Not used by `npm run bench:sfu`.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = process.env.BENCH_WERIFT_DIR;
if (dir) {
  const target = pathToFileURL(path.resolve(dir, 'lib/index.mjs')).href;
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === 'werift') return { url: ${JSON.stringify(target)}, shortCircuit: true, format: 'module' };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
