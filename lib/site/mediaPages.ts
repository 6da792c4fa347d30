/**
 * The pages that may ask for the reader's camera or microphone. The server grants them to this origin
 * on these pages only (Permissions-Policy, server/http/securityHeaders.ts); links to them load the page
 * in full (components/shell/PageLink.tsx), because a client-side navigation keeps the policy of the
 * page it started on.
 *   - camera and microphone: the live room (/room/<id>), the mesh room (/room/<id>/mesh), and the chapters
 *     that embed a mesh room (and that figure's embed, /embed/<figure>);
 *   - microphone: the chapters whose figures have a "Use my microphone" button, those figures' embeds
 *     (/embed/<figure>; a site that frames one must also allow="microphone"), and every page of the
 *     presenter (/present) and of a class following it (/follow): those move from chapter to chapter
 *     without reloading, so one of them may come to show such a figure.
 */

/** Figures that call getUserMedia, by registry name (components/figures/<slug>/registry.ts). */
export const MICROPHONE_FIGURES = ['voice-activity/clip', 'noise-suppression/denoiser'] as const;

/** The chapters that show one of those figures (a test checks this against the MDX). */
export const MICROPHONE_CHAPTERS = ['voice-activity', 'noise-suppression'] as const;

/** Figures that embed a live room, which asks for camera and microphone (components/mesh/MeshRoomApp). */
export const CAMERA_FIGURES = ['mesh-vs-sfu/live'] as const;

/** The chapters that show one of those figures. */
export const CAMERA_CHAPTERS = ['mesh-vs-sfu'] as const;

export interface MediaPermissions {
  camera: boolean;
  microphone: boolean;
}

export function mediaPermissionsFor(pathname: string): MediaPermissions {
  const path = pathname.split(/[?#]/)[0].replace(/\/+$/, '');
  if (/^\/room\/[^/]+(?:\/mesh)?$/.test(path)) return { camera: true, microphone: true };
  if (CAMERA_CHAPTERS.some((slug) => path === `/learn/${slug}`) || CAMERA_FIGURES.some((figure) => path === `/embed/${figure}`)) {
    return { camera: true, microphone: true };
  }
  const microphone =
    MICROPHONE_CHAPTERS.some((slug) => path === `/learn/${slug}`) ||
    MICROPHONE_FIGURES.some((figure) => path === `/embed/${figure}`) ||
    path === '/present' ||
    path.startsWith('/present/') ||
    path.startsWith('/follow/');
  return { camera: false, microphone };
}

/** Whether the page at `pathname` may use the camera or the microphone (and so must be loaded in full). */
export function usesCameraOrMicrophone(pathname: string): boolean {
  const { camera, microphone } = mediaPermissionsFor(pathname);
  return camera || microphone;
}
