'use client';
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { figureUrlPrefix } from '@/lib/figures/address';
import { formatQuery, inputsFromParams, inputsToParams, type InputSpec, type ParamError } from '@/lib/figures/inputSpec';
import type { FigureInstance } from '@/lib/figures/instanceData';
import { FigureInputsProvider, FigureInputsRegistry, useFigureInputsRegistry } from './figureInputs';

/**
 * Figures' inputs in the URL. A page wraps its figures in <FigureUrlScope>; each <Figure> then reads its
 * inputs from the address when the page opens and offers a link that reopens it as the reader left it.
 *
 *   chapter page   /learn/mesh-vs-sfu?room.people=20&room.topology=sfu#figure-mesh-vs-sfu-room
 *                  each figure's inputs under its prefix (lib/figures/address.ts), only those that differ
 *                  from the defaults; "Copy link to this figure" writes one.
 *   embed          /embed/mesh-vs-sfu/room?people=20&topology=sfu
 *                  one figure, its inputs unprefixed; "Open in the episode" carries them to the chapter.
 *
 * What the address holds is read through the figure's declared inputs (its registry entry's `inputs`,
 * lib/figures/inputSpec.ts) and the inputs layer (figureInputs.tsx): a parameter with an unknown name or a
 * value the input does not take is left out, so a mangled link shows the figure as it would be without it,
 * and a note under the figure names each parameter left out and what it takes. A list input is one
 * parameter, its items separated by ";" and each item's fields by "," (written as they are, not %3B, %2C).
 * Pages without a scope (the presentation, a follower's page, which sync inputs their own way) show no link
 * and read nothing from the address.
 */

export type FigureUrlMode = 'chapter' | 'embed';

const ModeContext = createContext<FigureUrlMode | null>(null);

/** A page whose figures take their inputs from the URL and offer links to themselves. */
export function FigureUrlScope({ mode, children }: { mode: FigureUrlMode; children: ReactNode }) {
  const [registry] = useState(() => new FigureInputsRegistry());
  return (
    <FigureInputsProvider registry={registry}>
      <ModeContext.Provider value={mode}>{children}</ModeContext.Provider>
    </FigureInputsProvider>
  );
}

/** The address of a figure in its chapter with `inputs` (those that differ from the defaults). */
export function chapterFigureUrl(origin: string, instance: FigureInstance, spec: InputSpec | null, inputs: Record<string, unknown>, elementId: string): string {
  const url = new URL(`/learn/${instance.chapter}`, origin);
  url.search = spec ? formatQuery(inputsToParams(spec, inputs, figureUrlPrefix(instance))) : '';
  url.hash = elementId;
  return url.href;
}

type Status = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string };

/**
 * Under each figure on a page with a FigureUrlScope: applies the inputs the address holds for this figure,
 * and offers "Copy link to this figure" (in a chapter) or "Open in the episode" (in an embed).
 */
export function FigureLink({ instance, spec, elementId }: { instance: FigureInstance; spec: InputSpec | null; elementId: string }) {
  const mode = useContext(ModeContext);
  const registry = useFigureInputsRegistry();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [episodeUrl, setEpisodeUrl] = useState(`/learn/${instance.chapter}#${elementId}`);
  const [leftOut, setLeftOut] = useState<ParamError[]>([]);
  const manualInput = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const { chapter, figure, occurrence } = instance;

  // The address's inputs for this figure, applied once: before the figure loads they wait in the registry
  // and become its starting state (useFigureStore), so it never shows the defaults first.
  useEffect(() => {
    if (!mode || !registry || !spec) return;
    const where = { chapter, figure, occurrence };
    const prefix = mode === 'chapter' ? figureUrlPrefix(where) : '';
    const { inputs, errors } = inputsFromParams(spec, new URLSearchParams(window.location.search), prefix);
    if (Object.keys(inputs).length > 0) registry.apply(where, inputs);
    // Said once, after the page has hydrated: what the link held that this figure could not take.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLeftOut(errors);
  }, [mode, registry, spec, chapter, figure, occurrence]);

  // In an embed, "Open in the episode" follows the reader's inputs.
  useEffect(() => {
    if (mode !== 'embed' || !registry) return;
    const where = { chapter, figure, occurrence };
    const update = () => setEpisodeUrl(chapterFigureUrl(window.location.origin, where, spec, registry.read(where) ?? {}, elementId));
    update();
    const mine = (other: FigureInstance) => other.figure === figure && other.occurrence === occurrence;
    // When the figure loads it starts from the address's inputs: the link follows from then on.
    const unregistered = registry.onRegister((other) => mine(other) && update());
    const unsubscribe = registry.subscribe((change) => mine(change.instance) && update());
    return () => {
      unregistered();
      unsubscribe();
    };
  }, [mode, registry, spec, chapter, figure, occurrence, elementId]);

  useEffect(() => {
    if (status.kind === 'manual') manualInput.current?.select();
  }, [status]);

  if (!mode || !registry) return null;

  const notice = leftOut.length > 0 && (
    <div className="figure-link-left-out" role="status" data-link-left-out>
      <p>Left out of this link, as the figure does not take {leftOut.length === 1 ? 'it' : 'them'}:</p>
      <ul>
        {leftOut.map((error, i) => (
          <li key={i}>
            <code>
              {error.name}={error.text.length > 60 ? `${error.text.slice(0, 60)}…` : error.text}
            </code>
            : {error.message}.
          </li>
        ))}
      </ul>
    </div>
  );

  if (mode === 'embed') {
    return (
      <div className="figure-link" data-figure-link>
        {notice}
        <a className="button" href={episodeUrl} target="_blank" rel="noopener">
          Open in the episode<span aria-hidden="true"> ↗</span>
        </a>
      </div>
    );
  }

  const copy = async () => {
    const url = chapterFigureUrl(window.location.origin, instance, spec, registry.read(instance) ?? {}, elementId);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setStatus({ kind: 'copied' });
    } catch {
      // Plain http on a phone, or a browser that asks first: the link is shown, selected, to copy by hand.
      setStatus({ kind: 'manual', url });
    }
  };

  return (
    <div className="figure-link" data-figure-link>
      {notice}
      <button type="button" className="button" onClick={copy} aria-describedby={statusId}>
        Copy link<span className="visually-hidden"> to this figure</span>
      </button>
      <span id={statusId} className="figure-link-status" role="status">
        {status.kind === 'copied' && 'Link copied, with the figure as it is now.'}
        {status.kind === 'manual' && 'Copy this link:'}
      </span>
      {status.kind === 'manual' && (
        <input ref={manualInput} className="figure-link-url" readOnly value={status.url} aria-label="Link to this figure" onFocus={(event) => event.currentTarget.select()} />
      )}
    </div>
  );
}
