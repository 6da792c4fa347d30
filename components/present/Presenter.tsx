'use client';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { formatClassCode } from '@/lib/protocol/gateway';
import { FigureInputsProvider, FigureInputsRegistry } from '@/components/figures/figureInputs';
import { keyBelongsToControl } from '@/components/shell/ChapterKeys';
import { classController, useClassState } from '@/components/follow/ClassController';
import { useShareOrigin } from '@/components/follow/useShareOrigin';
import { useBrowserValue } from '@/components/hooks/useBrowserValue';
import { SceneDeck } from './SceneDeck';
import { formatHash, nextPosition, parseHash, previousPosition, type DeckChapter, type DeckScene, type Position } from './deck';
import { NOTES_CHANNEL, isNotesMessage, type NotesMessage } from './notesChannel';
import styles from './Present.module.css';

const QrCode = lazy(() => import('@/components/follow/QrCode'));
const RoomApp = lazy(() => import('@/components/room/RoomApp').then((m) => ({ default: m.RoomApp })));

export interface PresenterProps {
  chapter: DeckChapter;
  scenes: DeckScene[];
  previousSlug: string | null;
  nextSlug: string | null;
}

/**
 * The presentation of one chapter: a scene at a time, keyboard driven (→ ↓ Space PageDown next, ← ↑
 * PageUp back, b blank, f full screen, n speaker notes, Esc back to reading), with a class students follow
 * (Class) and a live room for them (Room). The position is in the URL's hash, so a reload stays put.
 */
export function Presenter({ chapter, scenes, previousSlug, nextSlug }: PresenterProps) {
  const router = useRouter();
  const [registry] = useState(() => new FigureInputsRegistry());
  // Until the presenter moves, the position is the one in the URL (a reload stays put).
  const hash = useLocationHash(`/present/${chapter.slug}`);
  const [moved, setPosition] = useState<Position | null>(null);
  const ready = hash !== null;
  const position = moved ?? parseHash(hash ?? '', scenes);
  const [blank, setBlank] = useState(false);
  const [panel, setPanel] = useState<'class' | 'room' | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const controller = classController();
  const live = useClassState();
  const positionRef = useRef(position);
  useEffect(() => {
    positionRef.current = position;
  }, [position]);

  useEffect(() => controller.restore(), [controller]);

  // Someone typed a scene into the address bar (#5): go there.
  useEffect(() => {
    const onHash = () => setPosition(parseHash(location.hash, scenes));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [scenes]);

  const channel = useRef<BroadcastChannel | null>(null);
  const announce = useCallback(() => {
    const { scene, step } = positionRef.current;
    channel.current?.postMessage({ type: 'position', chapter: chapter.slug, scene, step } satisfies NotesMessage);
    controller.position({ chapter: chapter.slug, scene, step });
  }, [chapter.slug, controller]);

  const where = `${position.scene}.${position.step}`;
  useEffect(() => {
    if (!ready) return;
    history.replaceState(null, '', formatHash(positionRef.current));
    announce();
  }, [ready, where, announce]);

  const forward = useCallback(() => {
    const next = nextPosition(scenes, positionRef.current);
    if (next) setPosition(next);
    else if (nextSlug) router.push(`/present/${nextSlug}`);
  }, [scenes, nextSlug, router]);

  const back = useCallback(() => {
    const previous = previousPosition(scenes, positionRef.current);
    if (previous) setPosition(previous);
    else if (previousSlug) router.push(`/present/${previousSlug}#end`);
  }, [scenes, previousSlug, router]);

  const exit = useCallback(() => {
    const scene = scenes[positionRef.current.scene];
    const anchor = scene?.kind === 'figure' && scene.figure ? `#figure-${scene.figure.instance.figure.replace(/[^a-z0-9]+/gi, '-')}` : '';
    router.push(`/learn/${chapter.slug}${anchor}`);
  }, [scenes, chapter.slug, router]);

  const openNotes = useCallback(() => {
    window.open(`/present/${chapter.slug}/notes`, 'episode-notes', 'popup=yes,width=980,height=760');
  }, [chapter.slug]);

  // The speaker-notes window: tell it where we are, and let it step us.
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const bc = new BroadcastChannel(NOTES_CHANNEL);
    channel.current = bc;
    bc.onmessage = (event) => {
      if (!isNotesMessage(event.data)) return;
      if (event.data.type === 'hello') announce();
      else if (event.data.type === 'command') (event.data.action === 'next' ? forward : back)();
    };
    return () => {
      bc.close();
      channel.current = null;
    };
  }, [announce, forward, back]);

  // Class: send what the reader (the instructor) changes in a figure, and everything when the class goes live.
  useEffect(() => {
    const unsubscribe = registry.subscribe((change) => {
      if (change.origin === 'reader') controller.inputs(change.instance, change.inputs);
    });
    controller.whenLive(() => {
      announce();
      for (const scene of scenes) {
        if (!scene.figure) continue;
        const inputs = registry.read(scene.figure.instance);
        if (inputs) controller.inputs(scene.figure.instance, inputs);
      }
    });
    return unsubscribe;
  }, [registry, controller, announce, scenes]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (dialog.current?.open) return;
      if (event.key === 'Escape') {
        if (blank) setBlank(false);
        else exit();
        event.preventDefault();
        return;
      }
      if (keyBelongsToControl(event)) return;
      const key = event.key;
      if (blank && key !== 'b' && key !== 'B' && key !== '.') return;
      if (key === 'ArrowRight' || key === 'ArrowDown' || key === 'PageDown' || (key === ' ' && !event.shiftKey)) forward();
      else if (key === 'ArrowLeft' || key === 'ArrowUp' || key === 'PageUp' || (key === ' ' && event.shiftKey)) back();
      else if (key === 'Home') setPosition({ scene: 0, step: 0 });
      else if (key === 'End') setPosition(parseHash('#end', scenes));
      else if (key === 'b' || key === 'B' || key === '.') setBlank((value) => !value);
      else if (key === 'f' || key === 'F') toggleFullscreen();
      else if (key === 'n' || key === 'N') openNotes();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.documentElement.dataset.presentKeys = 'on';
    return () => {
      window.removeEventListener('keydown', onKey);
      delete document.documentElement.dataset.presentKeys;
    };
  }, [blank, forward, back, exit, openNotes, scenes]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (panel && !element.open) element.showModal();
    if (!panel && element.open) element.close();
  }, [panel]);

  const total = scenes.length;
  return (
    <div className={styles.present} data-present-root data-present={chapter.slug} data-position={`${position.scene}.${position.step}`} data-blank={blank || undefined}>
      <FigureInputsProvider registry={registry}>
        <SceneDeck chapter={chapter} scenes={scenes} position={position} />
      </FigureInputsProvider>

      <nav className={styles.toolbar} aria-label="Presentation">
        <button type="button" onClick={back} data-control="previous" aria-label="Back one step">
          ‹
        </button>
        <span className={styles.counter} aria-live="polite">
          {chapter.order}.{position.scene + 1} <span className={styles.muted}>of {total}</span>
        </span>
        <button type="button" onClick={forward} data-control="next" aria-label="Next step">
          ›
        </button>
        <button type="button" onClick={openNotes} data-control="notes">
          Notes
        </button>
        <button type="button" onClick={() => setPanel('class')} data-control="class">
          {live.phase === 'live' && live.code ? `Class ${formatClassCode(live.code)} · ${live.sessions} following` : 'Class'}
        </button>
        <button type="button" onClick={() => setPanel('room')} data-control="room">
          Room
        </button>
        <button type="button" onClick={toggleFullscreen} data-control="fullscreen">
          Full screen
        </button>
        <button type="button" onClick={exit} data-control="exit">
          Reading
        </button>
      </nav>

      {blank && <div className={styles.blank} data-testid="blank" aria-label="Screen blanked; press b to show it again" role="img" />}

      <dialog ref={dialog} className={styles.dialog} onClose={() => setPanel(null)} aria-labelledby="present-dialog-title">
        {panel === 'class' && <ClassPanel />}
        {panel === 'room' && <RoomPanel />}
        <form method="dialog">
          <button type="submit" className="button" data-control="close-panel">
            Close
          </button>
        </form>
      </dialog>
    </div>
  );
}

/**
 * The URL's hash, once the address bar shows `pathname`; null before. Arriving from the previous chapter by a
 * client-side navigation, this page renders while the address bar still shows the old page (and its hash); the
 * router updates it just after, and the subscription reads it again then.
 */
function useLocationHash(pathname: string): string | null {
  return useSyncExternalStore(
    (changed) => {
      queueMicrotask(changed);
      window.addEventListener('popstate', changed);
      return () => window.removeEventListener('popstate', changed);
    },
    () => (location.pathname === pathname ? location.hash : null),
    () => null,
  );
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

/** Start a class, show its code and QR code and who follows, end it. */
function ClassPanel() {
  const controller = classController();
  const state = useClassState();
  const origin = useShareOrigin();
  const url = state.code && origin ? `${origin}/follow/${state.code}` : null;
  return (
    <div className={styles.panel} data-class-phase={state.phase}>
      <h2 id="present-dialog-title">Class</h2>
      {state.phase === 'live' && state.code ? (
        <>
          <p className={styles.code} data-class-code={state.code}>
            {formatClassCode(state.code)}
          </p>
          <div className={styles.share}>
            {url && (
              <Suspense fallback={null}>
                <QrCode text={url} label={`QR code for ${url}`} size={280} />
              </Suspense>
            )}
            <div>
              <p>
                Students scan the code or open <strong className={styles.url}>{url ?? '…'}</strong>. They see each beat as you move,
                and every figure as you change it, computed on their own phone.
              </p>
              <HttpsNote />
              <p className={styles.followers} data-testid="followers" data-followers={state.sessions}>
                {state.sessions} following
              </p>
              <button type="button" className="button" data-control="end-class" onClick={() => controller.end()}>
                End the class
              </button>
            </div>
          </div>
        </>
      ) : (
        <>
          <p>
            Start a class and students follow on their phones or laptops: each beat and every figure you move appears on their
            screens within a second, and any of them can break away to explore and snap back.
          </p>
          {state.phase === 'reconnecting' && <p>Reconnecting to your class…</p>}
          {state.error && <p role="alert">{state.error}</p>}
          <button type="button" className="button button-primary" data-control="start-class" onClick={() => controller.start()} disabled={state.phase === 'starting' || state.phase === 'reconnecting'}>
            Start a class
          </button>
        </>
      )}
    </div>
  );
}

/** A fresh room for the class, its QR code, and the room itself (join, add bots). */
function RoomPanel() {
  const controller = classController();
  const state = useClassState();
  const origin = useShareOrigin();
  const [roomId, setRoomId] = useState<string | null>(state.roomId);
  const open = () => {
    const id = `class-${state.code?.toLowerCase() ?? Math.random().toString(36).slice(2, 8)}-${Date.now().toString(36).slice(-4)}`;
    setRoomId(id);
    controller.room(id);
  };
  const url = roomId && origin ? `${origin}/room/${roomId}` : null;
  return (
    <div className={styles.panel}>
      <h2 id="present-dialog-title">A live room for the class</h2>
      {!roomId ? (
        <>
          <p>
            Opens a fresh room on this laptop’s media server. Students join from their phones; add bots to fill it when the class is
            small.{state.phase === 'live' ? ' Everyone following gets a button to join.' : ''}
          </p>
          <button type="button" className="button button-primary" data-control="open-room" onClick={open}>
            Open a room for the class
          </button>
        </>
      ) : (
        <>
          <div className={styles.share} data-room={roomId}>
            {url && (
              <Suspense fallback={null}>
                <QrCode text={url} label={`QR code for ${url}`} size={220} />
              </Suspense>
            )}
            <div>
              <p>
                Scan to join <strong className={styles.url}>{url ?? '…'}</strong>
              </p>
              <HttpsNote />
            </div>
          </div>
          <Suspense fallback={<p>Loading the room…</p>}>
            <RoomApp roomId={roomId} />
          </Suspense>
        </>
      )}
    </div>
  );
}

/** The one sentence about the browser's warning, when the laptop serves https with its own certificate. */
export function HttpsNote() {
  const secure = useBrowserValue(() => location.protocol === 'https:', false);
  if (!secure) return null;
  return (
    <p className={styles.note}>
      Phones will warn that this site’s certificate is not trusted: the laptop made it for itself to allow cameras over https, so
      continue past the warning (check the fingerprint the terminal printed if you want to be sure).
    </p>
  );
}
