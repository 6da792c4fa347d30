'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { keyBelongsToControl } from '@/components/shell/ChapterKeys';
import { NOTES_CHANNEL, isNotesMessage, type NotesMessage } from './notesChannel';
import styles from './SpeakerNotes.module.css';

export interface NotesScene {
  /** "Dialogue: Milo asks…", "Figure: One event in a guild…". */
  label: string;
  steps: number;
  written: ReactNode[];
  prose: ReactNode[];
}

/**
 * The speaker-notes window (opened from the presentation with n): the current scene's notes, what comes
 * next and the time. It follows the presentation over a BroadcastChannel and can step it with the keys.
 */
export function SpeakerNotes({ slug, title, scenes }: { slug: string; title: string; scenes: NotesScene[] }) {
  const router = useRouter();
  const [position, setPosition] = useState<{ scene: number; step: number } | null>(null);
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  const channel = useRef<BroadcastChannel | null>(null);

  useEffect(() => {
    const bc = new BroadcastChannel(NOTES_CHANNEL);
    channel.current = bc;
    bc.onmessage = (event) => {
      if (!isNotesMessage(event.data) || event.data.type !== 'position') return;
      if (event.data.chapter !== slug) router.replace(`/present/${event.data.chapter}/notes`);
      else setPosition({ scene: event.data.scene, step: event.data.step });
    };
    bc.postMessage({ type: 'hello' } satisfies NotesMessage);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      bc.close();
      clearInterval(timer);
    };
  }, [slug, router]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (keyBelongsToControl(event) || event.altKey || event.ctrlKey || event.metaKey) return;
      const action = ['ArrowRight', 'ArrowDown', 'PageDown', ' '].includes(event.key)
        ? 'next'
        : ['ArrowLeft', 'ArrowUp', 'PageUp'].includes(event.key)
          ? 'previous'
          : null;
      if (!action) return;
      event.preventDefault();
      channel.current?.postMessage({ type: 'command', action } satisfies NotesMessage);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const scene = position ? scenes[position.scene] : undefined;
  const next = position ? scenes[position.scene + 1] : undefined;
  const elapsed = Math.floor((now - startedAt) / 1000);
  return (
    <main id="main" className={styles.notes} data-notes-scene={position?.scene ?? ''}>
      <header className={styles.header}>
        <p>
          {title} · {position ? `scene ${position.scene + 1} of ${scenes.length}` : 'waiting for the presentation…'}
          {scene && scene.steps > 1 && position ? ` · line ${position.step + 1} of ${scene.steps}` : ''}
        </p>
        <p className={styles.clock} aria-label="Time since these notes opened">
          {Math.floor(elapsed / 60)}:{String(elapsed % 60).padStart(2, '0')}
        </p>
      </header>
      {scene ? (
        <>
          <h1 className={styles.label}>{scene.label}</h1>
          {scene.written.length > 0 && (
            <section className={styles.written} aria-label="Your notes">
              {scene.written.map((node, i) => (
                <div key={i}>{node}</div>
              ))}
            </section>
          )}
          <section className={styles.prose} aria-label="From the chapter">
            {scene.prose.length > 0 ? scene.prose.map((node, i) => <div key={i}>{node}</div>) : <p>No prose follows this scene.</p>}
          </section>
          <p className={styles.next}>Next: {next ? next.label : 'the next chapter'}</p>
        </>
      ) : (
        <p>Open this window from a presentation (press n there); it follows along.</p>
      )}
      <p className={styles.keys}>
        <kbd>→</kbd> <kbd>←</kbd> here step the presentation too.
      </p>
    </main>
  );
}
