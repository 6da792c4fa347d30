import type { Metadata } from 'next';
import Link from 'next/link';
import { decodeRoomIdSegment, isValidRoomId } from '@/lib/protocol/room';
import { MESH_PEOPLE_CAP } from '@/lib/bandwidth/members';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { MeshRoomApp } from '@/components/mesh/MeshRoomApp';
import { RoomKinds } from '@/components/mesh/RoomKinds';
import { CertificateNote } from '@/components/follow/CertificateNote';
import styles from '@/components/room/Room.module.css';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return {
    title: `Mesh room ${decodeRoomIdSegment(id) ?? 'not a room'}`,
    description: 'A peer-to-peer room you can join: your own upload and download, measured by your browser beside the model.',
  };
}

/** /room/<id>/mesh: a mesh room, where browsers send to each other directly. A name is an SFU room or a mesh room, not both. */
export default async function MeshRoomPage({ params }: { params: Promise<Params> }) {
  const { id: raw } = await params;
  const id = decodeRoomIdSegment(raw) ?? '';
  return (
    <>
      <SiteHeader />
      <main id="main" className={styles.main}>
        <header className={styles.header}>
          <p className="chapter-kicker">The live room, peer to peer</p>
          <h1>Mesh room “{isValidRoomId(id) ? id : 'not a room'}”</h1>
          <p className={styles.summary}>
            No server in the middle of the media: each browser connects to every other and sends each its own copy of its camera and voice, so
            your upload grows with every person who joins. That is why a mesh room stops at {MESH_PEOPLE_CAP}.
          </p>
          {isValidRoomId(id) && <RoomKinds id={id} mesh />}
          <CertificateNote />
        </header>
        {isValidRoomId(id) ? (
          <MeshRoomApp roomId={id} />
        ) : (
          <div role="alert" data-error="bad-room-id">
            <p>
              A room id is 1 to 32 letters, digits or “-”. Try <Link href="/room/lobby/mesh">/room/lobby/mesh</Link>.
            </p>
          </div>
        )}
      </main>
    </>
  );
}
