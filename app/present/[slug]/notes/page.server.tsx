import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { chapterOfParams, chapterStaticParams, type ChapterParams } from '@/app/chapterRoute';
import { chapterScenes } from '@/app/present/chapterScenes';
import { textOf, sceneSteps, type Scene } from '@/components/present/scenes';
import { SpeakerNotes, type NotesScene } from '@/components/present/SpeakerNotes';

type Params = ChapterParams;

export const dynamicParams = false;
export const generateStaticParams = chapterStaticParams;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const chapter = await chapterOfParams(params);
  return chapter ? { title: `Speaker notes: ${chapter.title}`, robots: { index: false } } : {};
}

function label(scene: Scene, title: string): string {
  if (scene.kind === 'title') return `Title: ${title}`;
  if (scene.kind === 'figure') return `Figure: ${scene.figure.caption}`;
  const first = textOf(scene.lines[0] ?? '').trim();
  return `Dialogue (${scene.lines.length} lines): ${first.length > 90 ? `${first.slice(0, 90)}…` : first}`;
}

/** /present/<slug>/notes: the speaker-notes window for a chapter's presentation. */
export default async function SpeakerNotesPage({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  const built = await chapterScenes(slug);
  if (!built) notFound();
  const notes: NotesScene[] = built.scenes.map((scene) => ({
    label: label(scene, built.chapter.title),
    steps: sceneSteps(scene as never),
    written: scene.notes.written,
    prose: scene.notes.prose,
  }));
  return <SpeakerNotes slug={slug} title={built.chapter.title} scenes={notes} />;
}
