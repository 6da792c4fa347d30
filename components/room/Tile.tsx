'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { MemberLayerStats, OwnSubscriptionStats, PeerInfo } from '@/lib/protocol/room';
import { layerLabel } from '@/lib/simulcast/layerLabel';
import type { TileViewPatch } from './tileReporter';
import { newestEntry } from '@/components/observers';
import { tileStatus, tileSummary } from './tileStatus';
import styles from './Room.module.css';

export interface TileProps {
  peer: PeerInfo;
  /** Local preview (own camera) or a remote track. */
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  speaking: boolean;
  local?: boolean;
  /** What the server forwards to this viewer for this tile (remote tiles only). */
  subscription?: OwnSubscriptionStats;
  layers?: MemberLayerStats[];
  videoOff?: boolean;
  /**
   * Called with the tile's size and whether it is on screen, whenever the browser says either changed.
   * The room client decides what reaches the server (tileReporter.ts); the observers that call it are made
   * once per tile, whatever the parent passes on later renders.
   */
  onView?: (publisherId: string, patch: TileViewPatch) => void;
  onForceLayer?: (publisherId: string, rid: string | null) => void;
  onToggleVideo?: (publisherId: string, off: boolean) => void;
}

/** One person's tile: their video (or initials), a speaking ring, and what the SFU sends us of them. */
export function Tile({ peer, video, audio, speaking, local, subscription, layers, videoOff, onView, onForceLayer, onToggleVideo }: TileProps) {
  const box = useRef<HTMLDivElement>(null);
  const videoEl = useRef<HTMLVideoElement>(null);
  const audioEl = useRef<HTMLAudioElement>(null);
  const onViewLatest = useRef(onView);
  useLayoutEffect(() => {
    onViewLatest.current = onView;
  });

  useEffect(() => {
    if (videoEl.current) videoEl.current.srcObject = video ? new MediaStream([video]) : null;
  }, [video]);
  useEffect(() => {
    if (audioEl.current) audioEl.current.srcObject = audio && !local ? new MediaStream([audio]) : null;
  }, [audio, local]);

  // Report the tile's size (so the server picks the smallest layer that fills it) and whether it is on
  // screen (hidden tiles get no video). Observers are made once per tile, not once per render.
  const reports = !!onView;
  useEffect(() => {
    const el = box.current;
    if (!el || !reports) return;
    const id = peer.id;
    const resize = new ResizeObserver(([entry]) => {
      onViewLatest.current?.(id, { widthPx: entry.contentRect.width, heightPx: entry.contentRect.height });
    });
    const intersection = new IntersectionObserver((entries) => {
      const entry = newestEntry(entries);
      if (entry) onViewLatest.current?.(id, { visible: entry.isIntersecting });
    });
    resize.observe(el);
    intersection.observe(el);
    return () => {
      resize.disconnect();
      intersection.disconnect();
    };
  }, [peer.id, reports]);

  const status = tileStatus(subscription, layers);
  const initials = peer.name.slice(0, 2).toUpperCase();
  const showVideo = peer.video && video && !videoOff;
  const remoteVideo = !local && peer.video;

  return (
    <figure
      className={`${styles.tile} ${speaking ? styles.speaking : ''}`}
      data-tile={peer.id}
      data-layer={subscription?.rid ?? ''}
      data-tile-state={remoteVideo ? status.state : undefined}
      data-paused-because={status.pausedBecause ?? undefined}
      data-speaking={speaking}
    >
      <div ref={box} className={styles.frame} data-tile-frame>
        {peer.video ? (
          <video ref={videoEl} autoPlay playsInline muted className={showVideo ? styles.video : styles.hiddenVideo} aria-label={`${peer.name}'s video`} />
        ) : null}
        {!showVideo && (
          <div className={styles.avatar} aria-hidden="true">
            {initials}
          </div>
        )}
        {remoteVideo && subscription && (
          <span className={`${styles.badge} ${status.state === 'playing' ? '' : styles.badgeAlert}`} aria-hidden="true" data-tile-badge>
            {status.label}
          </span>
        )}
        {!local && <audio ref={audioEl} autoPlay />}
      </div>
      <figcaption className={styles.caption}>
        <span className={styles.name}>
          {peer.name}
          {local ? ' (you)' : ''}
          {peer.role === 'bot' ? ' · bot' : ''}
        </span>
        <span className={styles.meta} aria-live="off">
          {speaking ? 'speaking' : peer.audio ? 'quiet' : 'no mic'}
          {remoteVideo && subscription ? ` · ${tileSummary(subscription, layers)}` : ''}
        </span>
        {remoteVideo && layers && onForceLayer && (
          <span className={styles.tileControls}>
            <label>
              <span className="visually-hidden">Layer for {peer.name}</span>
              <select
                data-control={`force-layer-${peer.id}`}
                value={subscription?.forcedRid ?? ''}
                onChange={(e) => onForceLayer(peer.id, e.target.value === '' ? null : e.target.value)}
              >
                <option value="">Auto layer</option>
                {layers.map((l) => (
                  <option key={l.rid} value={l.rid}>
                    {layerLabel(l)}
                  </option>
                ))}
              </select>
            </label>
            {onToggleVideo && (
              <button
                type="button"
                className={styles.smallButton}
                data-control={`hide-video-${peer.id}`}
                aria-pressed={!!videoOff}
                onClick={() => onToggleVideo(peer.id, !videoOff)}
              >
                {videoOff ? 'Show video' : 'Hide video'}
              </button>
            )}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
