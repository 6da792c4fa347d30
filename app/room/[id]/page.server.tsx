import type { Metadata } from 'next';
import Link from 'next/link';
import { decodeRoomIdSegment, isValidRoomId } from '@/lib/protocol/room';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { RoomApp } from '@/components/room/RoomApp';
import { RoomKinds } from '@/components/mesh/RoomKinds';
import { CertificateNote } from '@/components/follow/CertificateNote';
import styles from '@/components/room/Room.module.css';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Live room ${decodeRoomIdSegment(id) ?? 'not a room'}`, description: 'A real SFU you can join: see each simulcast layer and what the server forwards to whom.' };
}

/**
 * /room/<id>: a live room on this server's own SFU. Any id of 1-32 letters, digits or '-'. The mesh room of
 * the same name is its own route (/room/<id>/mesh), so its code never weighs on this page.
 */
export default async function RoomPage({ params }: { params: Promise<Params> }) {
  const { id: raw } = await params;
  // "%ZZ" is not a room id (a 200 page that says so), not a crash.
  const id = decodeRoomIdSegment(raw) ?? '';
  return (
    <>
      <SiteHeader />
      <main id="main" className={styles.main}>
        {/* Compact, so on a projector the tiles and the live panel start near the top of the screen. */}
        <header className={styles.header}>
          <p className="chapter-kicker">The live room</p>
          <h1>Room “{isValidRoomId(id) ? id : 'not a room'}”</h1>
          <p className={styles.summary}>
            Everyone here sends one stream up; the server forwards a copy of each to everyone else, never decoding it, and
            picks which simulcast layer each viewer gets from the size of their tile.
          </p>
          {isValidRoomId(id) && <RoomKinds id={id} mesh={false} />}
          <CertificateNote />
        </header>
        {isValidRoomId(id) ? (
          <RoomApp roomId={id} />
        ) : (
          <div role="alert" data-error="bad-room-id">
            <p>
              A room id is 1 to 32 letters, digits or “-”. Try <Link href="/room/lobby">/room/lobby</Link>.
            </p>
          </div>
        )}
      </main>
    </>
  );
}
