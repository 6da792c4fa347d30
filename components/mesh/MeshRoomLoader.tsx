'use client';
import { lazy, Suspense } from 'react';
import type { MeshRoomAppProps } from './MeshRoomApp';

// The room page serves SFU rooms too: the mesh room's code (and peerjs, on join) loads only for ?mode=mesh.
const MeshRoomApp = lazy(() => import('./MeshRoomApp'));

/** The mesh room, loaded when the page is a mesh room's. */
export function MeshRoomLoader(props: MeshRoomAppProps) {
  return (
    <Suspense fallback={<p role="status">Loading the mesh room…</p>}>
      <MeshRoomApp {...props} />
    </Suspense>
  );
}
