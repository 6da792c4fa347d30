import Link from 'next/link';
import { MESH_PEOPLE_CAP } from '@/lib/bandwidth/members';
import styles from './Mesh.module.css';

/** The two kinds of room a name can be: an SFU room at /room/<id>, a mesh room at /room/<id>/mesh. */
export function RoomKinds({ id, mesh }: { id: string; mesh: boolean }) {
  const href = `/room/${encodeURIComponent(id)}`;
  return (
    <nav aria-label="Kind of room" className={styles.modes}>
      <Link href={href} aria-current={mesh ? undefined : 'page'} data-control="mode-sfu">
        SFU room
      </Link>
      <Link href={`${href}/mesh`} aria-current={mesh ? 'page' : undefined} data-control="mode-mesh">
        Mesh (peer to peer), up to {MESH_PEOPLE_CAP}
      </Link>
    </nav>
  );
}
