/**
 * The pages that ask for the reader's camera or microphone: the live room, and the chapters whose
 * figures have a "Use my microphone" button. The server grants camera and microphone to this origin
 * on these pages only (Permissions-Policy, server/http/securityHeaders.ts); links to them load the
 * page in full (components/shell/PageLink.tsx), because a client-side navigation keeps the policy of
 * the page it started on.
 */

/** Figures that call getUserMedia, by registry name (components/figures/<slug>/registry.ts). */
export const MICROPHONE_FIGURES = ['voice-activity/clip', 'noise-suppression/denoiser'] as const;

/** The chapters that show one of those figures (a test checks this against the MDX). */
export const MICROPHONE_CHAPTERS = ['voice-activity', 'noise-suppression'] as const;

export const ROOM_PATH_PREFIX = '/room/';

/** Whether the page at `pathname` may use the camera and microphone. */
export function usesCameraOrMicrophone(pathname: string): boolean {
  const path = pathname.split(/[?#]/)[0].replace(/\/+$/, '');
  if (path.startsWith(ROOM_PATH_PREFIX.slice(0, -1) + '/') && path.length > ROOM_PATH_PREFIX.length) return true;
  return MICROPHONE_CHAPTERS.some((slug) => path === `/learn/${slug}`);
}
