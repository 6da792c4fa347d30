'use client';
import { useEffect, useState } from 'react';
import { useFigureInputsRegistry } from '@/components/figures/figureInputs';
import { formatInputValue, sameInputValue, type InputSpec } from '@/lib/figures/inputSpec';
import type { FigureInputs, FigureInstance } from '@/lib/figures/instanceData';

/**
 * The figure's inputs as its live store holds them (through the inputs layer), beside what its registry
 * entry declares. Shown once the figure has loaded; it follows the controls. `data-inputs` says whether the
 * two agree (every key of the store declared, with the declared defaults), which the catalog's end-to-end test checks for every
 * figure, so a declaration cannot drift from the figure it describes.
 */
export function LiveInputs({ instance, spec }: { instance: FigureInstance; spec: InputSpec | null }) {
  const registry = useFigureInputsRegistry();
  const [live, setLive] = useState<{ inputs: FigureInputs; defaults: FigureInputs; keys: string[] } | null>(null);
  const { chapter, figure, occurrence } = instance;

  useEffect(() => {
    if (!registry) return;
    const where = { chapter, figure, occurrence };
    const read = () => {
      const inputs = registry.read(where);
      const defaults = registry.defaults(where);
      const keys = registry.stateKeys(where);
      setLive(inputs && defaults && keys ? { inputs, defaults, keys } : null);
    };
    read();
    const mine = (other: FigureInstance) => other.figure === figure && other.occurrence === occurrence;
    const unsubscribe = registry.subscribe((change) => mine(change.instance) && read());
    // The figure registers its store when it loads; until then there is nothing to read.
    const unregistered = registry.onRegister((other) => mine(other) && read());
    return () => {
      unsubscribe();
      unregistered();
    };
  }, [registry, chapter, figure, occurrence]);

  if (!live) return <p className="catalog-muted" data-inputs="waiting">Its live inputs show here once the figure has loaded.</p>;

  const declared = Object.keys(spec ?? {});
  // Every key of the store, including any the inputs layer cannot carry: each must be a declared input.
  const keys = live.keys;
  const agree =
    declared.length === keys.length && declared.every((key) => key in live.defaults && sameInputValue(spec![key].default, live.defaults[key]));
  const entries = Object.entries(live.inputs);
  return (
    <div data-inputs={agree ? 'agree' : 'differ'} data-live-keys={keys.join(' ')}>
      {entries.length === 0 ? (
        <p className="catalog-muted">The figure keeps no inputs.</p>
      ) : (
        <p className="catalog-live">
          Now:{' '}
          {entries.map(([key, value], i) => (
            <span key={key}>
              {i > 0 && ', '}
              <code>
                {key}={spec && key in spec ? formatInputValue(spec[key], value) : String(value)}
              </code>
            </span>
          ))}
        </p>
      )}
      {!agree && (
        <p className="catalog-warning">
          The figure’s store holds {keys.join(', ') || 'nothing'} with defaults that differ from what its registry entry declares:
          update <code>inputs</code> in its registry.ts.
        </p>
      )}
    </div>
  );
}
