import type { Metadata } from 'next';
import Link from 'next/link';
import { decodeRoomIdSegment, isValidRoomId } from '@/lib/protocol/room';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { RoomApp } from '@/components/room/RoomApp';
import { MeshRoomLoader } from '@/components/mesh/MeshRoomLoader';
import { MESH_PEOPLE_CAP } from '@/lib/bandwidth/members';
import meshStyles from '@/components/mesh/Mesh.module.css';
import { CertificateNote } from '@/components/follow/CertificateNote';
import styles from '@/components/room/Room.module.css';

type Params = { id: string };
type Search = { mode?: string | string[] };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Live room ${decodeRoomIdSegment(id) ?? 'not a room'}`, description: 'A real SFU you can join: see each simulcast layer and what the server forwards to whom.' };
}

/**
 * /room/<id>: a live room on this server's own SFU, or with ?mode=mesh a mesh room of the same name, where
 * browsers send to each other directly (a room is one or the other). Any id of 1-32 letters, digits or '-'.
 */
export default async function RoomPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { id: raw } = await params;
  // "%ZZ" is not a room id (a 200 page that says so), not a crash.
  const id = decodeRoomIdSegment(raw) ?? '';
  const mesh = (await searchParams).mode === 'mesh';
  const href = `/room/${encodeURIComponent(id)}`;
  return (
    <>
      <SiteHeader />
      <main id="main" className={styles.main}>
        {/* Compact, so on a projector the tiles and the live panel start near the top of the screen. */}
        <header className={styles.header}>
          <p className="chapter-kicker">The live room</p>
          <h1>Room “{isValidRoomId(id) ? id : 'not a room'}”</h1>
          <p className={styles.summary}>
            {mesh
              ? `A mesh: no server in the middle of the media. Each browser connects to every other and sends each its own copy of its camera and voice, so your upload grows with every person who joins. That is why a mesh room stops at ${MESH_PEOPLE_CAP}.`
              : 'Everyone here sends one stream up; the server forwards a copy of each to everyone else, never decoding it, and picks which simulcast layer each viewer gets from the size of their tile.'}
          </p>
          {isValidRoomId(id) && (
            <nav aria-label="Kind of room" className={meshStyles.modes}>
              <Link href={href} aria-current={mesh ? undefined : 'page'} data-control="mode-sfu">
                SFU room
              </Link>
              <Link href={`${href}?mode=mesh`} aria-current={mesh ? 'page' : undefined} data-control="mode-mesh">
                Mesh (peer to peer), up to {MESH_PEOPLE_CAP}
              </Link>
            </nav>
          )}
          <CertificateNote />
        </header>
        {isValidRoomId(id) ? (
          mesh ? (
            <MeshRoomLoader roomId={id} />
          ) : (
            <RoomApp roomId={id} />
          )
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
