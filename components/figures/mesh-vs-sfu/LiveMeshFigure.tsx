'use client';
import { MeshRoomApp } from '@/components/mesh/MeshRoomApp';
import { roomHref } from '@/components/roomOrigin';
import { DataTable } from '@/components/figures/DataTable';
import { meshUploadTable } from '@/lib/bandwidth';

/** The chapter's own mesh room: everyone reading the chapter who joins lands in it. */
export const CHAPTER_MESH_ROOM = 'mesh-chapter';

/**
 * A real mesh, compact: the chapter's mesh room (the same component as /room/<id>/mesh), with this
 * browser's upload and download measured beside the model's, and the model's table for rooms up to the cap.
 */
export default function LiveMeshFigure() {
  const href = `${roomHref(CHAPTER_MESH_ROOM)}/mesh`;
  return (
    <div data-figure="mesh-vs-sfu/live">
      <p>
        Join, then open <a href={href}>this room in another tab</a> or on your phone (or add a bot) and watch your upload grow by one copy
        for each person.
      </p>
      <MeshRoomApp roomId={CHAPTER_MESH_ROOM} compact />
      <DataTable data={meshUploadTable()} />
    </div>
  );
}
