'use client';
import { useEffect, useRef } from 'react';
import type { LayerStats, PeerInfo, SubscriptionStats } from '@/lib/protocol/room';
import { formatKbps } from '@/lib/units';
import styles from './Room.module.css';

export interface TileProps {
  peer: PeerInfo;
  /** Local preview (own camera) or a remote track. */
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  speaking: boolean;
  local?: boolean;
  /** What the server forwards to this viewer for this tile (remote tiles only). */
  subscription?: SubscriptionStats;
  layers?: LayerStats[];
  videoOff?: boolean;
  onResize?: (widthPx: number, heightPx: number) => void;
  onVisible?: (visible: boolean) => void;
  onForceLayer?: (rid: string | null) => void;
  onToggleVideo?: (off: boolean) => void;
}

/** One person's tile: their video (or initials), a speaking ring, and what the SFU sends us of them. */
export function Tile({ peer, video, audio, speaking, local, subscription, layers, videoOff, onResize, onVisible, onForceLayer, onToggleVideo }: TileProps) {
  const box = useRef<HTMLDivElement>(null);
  const videoEl = useRef<HTMLVideoElement>(null);
  const audioEl = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    if (videoEl.current) videoEl.current.srcObject = video ? new MediaStream([video]) : null;
  }, [video]);
  useEffect(() => {
    if (audioEl.current) audioEl.current.srcObject = audio && !local ? new MediaStream([audio]) : null;
  }, [audio, local]);

  // Report the tile's size, so the server can pick the smallest layer that fills it.
  useEffect(() => {
    const el = box.current;
    if (!el || !onResize) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(([entry]) => {
      clearTimeout(timer);
      const { width, height } = entry.contentRect;
      timer = setTimeout(() => onResize(width, height), 150);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [onResize]);

  // Report whether the tile can be seen (on screen, tab visible): hidden tiles get no video.
  useEffect(() => {
    const el = box.current;
    if (!el || !onVisible) return;
    let onScreen = true;
    const report = () => onVisible(onScreen && document.visibilityState === 'visible');
    const observer = new IntersectionObserver(([entry]) => {
      onScreen = entry.isIntersecting;
      report();
    });
    observer.observe(el);
    document.addEventListener('visibilitychange', report);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', report);
    };
  }, [onVisible]);

  const current = subscription?.rid ? layers?.find((l) => l.rid === subscription.rid) : undefined;
  const initials = peer.name.slice(0, 2).toUpperCase();
  const showVideo = peer.video && video && !videoOff;

  return (
    <figure className={`${styles.tile} ${speaking ? styles.speaking : ''}`} data-tile={peer.id} data-layer={subscription?.rid ?? ''} data-speaking={speaking}>
      <div ref={box} className={styles.frame}>
        {peer.video ? (
          <video ref={videoEl} autoPlay playsInline muted className={showVideo ? styles.video : styles.hiddenVideo} aria-label={`${peer.name}'s video`} />
        ) : null}
        {!showVideo && (
          <div className={styles.avatar} aria-hidden="true">
            {initials}
          </div>
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
          {subscription && peer.video
            ? subscription.paused
              ? ' · video paused'
              : ` · ${current ? `${current.height}p` : subscription.rid} · ${formatKbps(Math.round(subscription.kbps))}`
            : ''}
        </span>
        {!local && peer.video && layers && onForceLayer && (
          <span className={styles.tileControls}>
            <label>
              <span className="visually-hidden">Layer for {peer.name}</span>
              <select
                data-control={`force-layer-${peer.id}`}
                value={subscription?.forcedRid ?? ''}
                onChange={(e) => onForceLayer(e.target.value === '' ? null : e.target.value)}
              >
                <option value="">Auto layer</option>
                {layers.map((l) => (
                  <option key={l.rid} value={l.rid}>
                    {l.height}p ({l.rid})
                  </option>
                ))}
              </select>
            </label>
            {onToggleVideo && (
              <button type="button" className={styles.smallButton} data-control={`hide-video-${peer.id}`} aria-pressed={!!videoOff} onClick={() => onToggleVideo(!videoOff)}>
                {videoOff ? 'Show video' : 'Hide video'}
              </button>
            )}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
