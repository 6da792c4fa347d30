'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatClassCode } from '@/lib/protocol/gateway';
import { figureInstanceKey } from '@/lib/figures/instance';
import { FigureInputsProvider, FigureInputsRegistry } from '@/components/figures/figureInputs';
import { keyBelongsToControl } from '@/components/shell/ChapterKeys';
import { SceneDeck } from '@/components/present/SceneDeck';
import { clampPosition, nextPosition, previousPosition, type DeckChapter, type DeckScene, type Position } from '@/components/present/deck';
import { useFollowSession } from './FollowSession';
import { FollowNotice } from './FollowNotice';
import { CertificateNote } from './CertificateNote';
import styles from './Follow.module.css';

/**
 * A follower's view of one chapter: the instructor's scene and the instructor's figure inputs, each figure
 * computed here from lib/. Moving on your own (the arrows, or any figure control) breaks away; "Back to
 * the class" snaps to where the class is, with the instructor's inputs.
 */
export function Follower({ code, chapter, scenes }: { code: string; chapter: DeckChapter; scenes: DeckScene[] }) {
  const router = useRouter();
  const session = useFollowSession();
  const [registry] = useState(() => new FigureInputsRegistry());
  const [exploring, setExploring] = useState(false);
  const [local, setLocal] = useState<Position>({ scene: 0, step: 0 });
  const state = session?.state;
  const classPosition = state?.classState.position ?? null;
  const onThisChapter = classPosition?.chapter === chapter.slug;
  const position = !exploring && classPosition && onThisChapter ? clampPosition(scenes, classPosition) : local;
  const positionRef = useRef(position);
  useEffect(() => {
    positionRef.current = position;
  });

  // Following: the class moved to another chapter, so go there.
  useEffect(() => {
    if (!exploring && classPosition && !onThisChapter) router.replace(`/follow/${code}/${classPosition.chapter}`);
  }, [exploring, classPosition, onThisChapter, code, router]);

  // Following: the instructor's figure inputs, as they arrive and for figures that load later.
  const applyClassInputs = useCallback(() => {
    const inputs = session?.client.state.classState.inputs ?? {};
    for (const entry of Object.values(inputs)) if (entry.instance.chapter === chapter.slug) registry.apply(entry.instance, entry.inputs);
  }, [session, registry, chapter.slug]);

  useEffect(() => {
    if (!session || exploring) return;
    applyClassInputs();
    return session.client.onDispatch((frame) => {
      if (frame.t === 'FIGURE_INPUTS' || frame.t === 'READY') applyClassInputs();
    });
  }, [session, exploring, applyClassInputs]);

  // Any control the follower moves themselves means they are exploring.
  useEffect(
    () =>
      registry.subscribe((change) => {
        if (change.origin === 'reader') {
          setLocal(positionRef.current);
          setExploring(true);
        }
      }),
    [registry],
  );

  const explore = useCallback((move: (p: Position) => Position | null) => {
    const next = move(positionRef.current);
    setExploring(true);
    if (next) setLocal(next);
    else setLocal(positionRef.current);
  }, []);

  const snapBack = useCallback(() => {
    const inputs = session?.client.state.classState.inputs ?? {};
    const keep = new Set(Object.keys(inputs));
    registry.resetExcept((instance) => keep.has(figureInstanceKey(instance)));
    setExploring(false);
    applyClassInputs();
  }, [session, registry, applyClassInputs]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || keyBelongsToControl(event)) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown') explore((p) => nextPosition(scenes, p));
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') explore((p) => previousPosition(scenes, p));
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [explore, scenes]);

  if (state?.phase === 'invalid' && state.invalid) return <FollowNotice code={code} reason={state.invalid} />;

  const ended = state?.phase === 'ended';
  return (
    <div
      className={styles.follow}
      data-present-root
      data-follow={code}
      data-follow-mode={ended ? 'ended' : exploring ? 'exploring' : 'following'}
      data-position={`${chapter.slug}.${position.scene}.${position.step}`}
    >
      <div className={styles.bar} role="status">
        {ended ? (
          <span>The class has ended; this chapter is yours to explore.</span>
        ) : exploring ? (
          <>
            <span>Exploring on your own.</span>
            <button type="button" className="button button-primary" data-control="snap-back" onClick={snapBack}>
              Back to the class
            </button>
          </>
        ) : (
          <>
            <span>
              Following class {formatClassCode(code)}
              {state ? ` · ${state.sessions} following` : ''}
              {state?.phase === 'reconnecting' ? ' · reconnecting…' : ''}
            </span>
            <button type="button" className="button" data-control="explore" onClick={() => explore(() => null)}>
              Explore on my own
            </button>
          </>
        )}
        {state?.classState.roomId && (
          <Link className="button" href={`/room/${state.classState.roomId}`} data-control="join-class-room">
            Join the class room
          </Link>
        )}
      </div>
      <CertificateNote />
      <FigureInputsProvider registry={registry}>
        <SceneDeck chapter={chapter} scenes={scenes} position={position} />
      </FigureInputsProvider>
      <nav className={styles.steps} aria-label="Scenes">
        <button type="button" className="button" data-control="previous" onClick={() => explore((p) => previousPosition(scenes, p))}>
          ‹ Back
        </button>
        <span>
          Scene {position.scene + 1} of {scenes.length}
        </span>
        <button type="button" className="button" data-control="next" onClick={() => explore((p) => nextPosition(scenes, p))}>
          Next ›
        </button>
        <Link href={`/learn/${chapter.slug}`}>Read the chapter</Link>
      </nav>
    </div>
  );
}
