'use client';
import type { DeckChapter, DeckScene, Position } from './deck';
import styles from './Present.module.css';

/**
 * The scenes of one chapter, one on screen at a time. All are in the page (their text is server-rendered),
 * the others hidden, so a figure's live code loads only when its scene is first shown and keeps its
 * inputs when the presenter comes back to it.
 */
export function SceneDeck({ chapter, scenes, position }: { chapter: DeckChapter; scenes: DeckScene[]; position: Position }) {
  return (
    <div className={styles.deck}>
      {scenes.map((scene, i) => {
        const shown = i === position.scene;
        return (
          <section
            key={i}
            className={`${styles.scene} ${styles[`scene-${scene.kind}`] ?? ''}`}
            hidden={!shown}
            aria-roledescription="scene"
            aria-label={`Scene ${i + 1} of ${scenes.length}`}
            data-scene={i}
            data-scene-kind={scene.kind}
            data-current={shown || undefined}
          >
            {scene.section && <p className={styles.section}>{scene.section}</p>}
            {scene.kind === 'title' && (
              <header className={styles.title}>
                <p className={styles.kicker}>Chapter {chapter.order}</p>
                <h1>{chapter.title}</h1>
                <p className={styles.summary}>{chapter.summary}</p>
              </header>
            )}
            {scene.kind === 'dialogue' && (
              <div className={`dialogue ${styles.dialogue}`}>
                {scene.lines?.map((line, j) => (
                  <div key={j} hidden={shown ? j > position.step : false} data-line={j}>
                    {line}
                  </div>
                ))}
              </div>
            )}
            {scene.kind === 'figure' && scene.figure && <div className={styles.figure}>{scene.figure.node}</div>}
          </section>
        );
      })}
    </div>
  );
}
