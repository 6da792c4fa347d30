'use client';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { JoinRole } from '@/lib/protocol/room';
import { Segmented, type SegmentedOption } from '@/components/controls/Segmented';
import { formatKbps } from '@/lib/units';
import type { RoomClient, RoomClientState } from './roomClient';
import { Tile } from './Tile';
import { LivePanel } from './LivePanel';
import { deviceConstraints, reopenDevices, type PublishRole } from './devices';
import { noticeText } from './notices';
import { NoWebRtc, RoomProblem } from './RoomProblem';
import { RoomActions } from './RoomActions';
import type { TileViewPatch } from './tileReporter';
import styles from './Room.module.css';

/** The model beside this page's own measured traffic: loaded once the page has joined, not in the first load. */
const SfuBandwidthCheck = lazy(() => import('@/components/traffic/SfuBandwidthCheck'));

type TileSize = 'small' | 'medium' | 'large';
/** Downlinks a reader can pretend to have, to watch the SFU pick smaller layers. */
const CAP_KBPS = [2000, 600, 250] as const;
type Cap = 'none' | `${(typeof CAP_KBPS)[number]}`;

const TILE_SIZES = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
] as const;
const CAPS: readonly SegmentedOption<Cap>[] = [
  { value: 'none', label: 'No cap' },
  ...CAP_KBPS.map((kbps) => ({ value: `${kbps}` as const, label: formatKbps(kbps) })),
];

type Preview =
  | { state: 'idle' }
  | { state: 'asking' }
  | { state: 'ready'; stream: MediaStream; role: PublishRole }
  | { state: 'denied'; message: string };

/**
 * The room's client (its socket, the peer connections, and the protocol's schemas that check every message,
 * zod among them) is not needed until the reader joins: it loads after the page is interactive, in the
 * browser's idle time, instead of with the page (a third of the page's first-load JavaScript).
 */
let roomClientModule: Promise<typeof import('./roomClient')> | null = null;
function loadRoomClient() {
  roomClientModule ??= import('./roomClient').catch((error: unknown) => {
    roomClientModule = null; // a later click tries again
    throw error;
  });
  return roomClientModule;
}

/** What this page joined with, so a rejoin can use the same role and devices. */
interface Session {
  client: RoomClient;
  role: JoinRole;
  stream: MediaStream | null;
}

/** The /room/<id> page: preview, join (camera+mic, mic only, or viewer), tiles, and the live panel. */
export function RoomApp({ roomId }: { roomId: string }) {
  const [supported, setSupported] = useState<boolean | null>(null);
  /** Camera and microphone need a secure origin (https or localhost); a phone on http://<LAN address> can only watch. */
  const [canCapture, setCanCapture] = useState(true);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  const [session, setSession] = useState<Session | null>(null);
  const [room, setRoom] = useState<RoomClientState | null>(null);
  const [rejoinNote, setRejoinNote] = useState<string | null>(null);
  const [tileSize, setTileSize] = useState<TileSize>('medium');
  const [cap, setCap] = useState<Cap>('none');
  const [hidden, setHidden] = useState<Record<string, boolean>>({});
  /** The client's code could not be fetched (offline, a deploy replaced it): said, and Join tried again. */
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const starting = useRef(false);
  const previewVideo = useRef<HTMLVideoElement>(null);
  const client = session?.client ?? null;

  useEffect(() => {
    // Decided after mount: the server render cannot know the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSupported(typeof RTCPeerConnection !== 'undefined');
    setCanCapture(!!navigator.mediaDevices?.getUserMedia);
    setName(`Guest ${Math.floor(100 + (performance.now() % 900))}`);
    // Fetch the client while the reader looks at the lobby, so a click on Join does not wait for it.
    const idle = window.requestIdleCallback?.(() => void loadRoomClient().catch(() => {}), { timeout: 2000 });
    const timer = idle === undefined ? window.setTimeout(() => void loadRoomClient().catch(() => {}), 200) : undefined;
    return () => {
      if (idle !== undefined) window.cancelIdleCallback(idle);
      window.clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (previewVideo.current && preview.state === 'ready') previewVideo.current.srcObject = preview.stream;
  }, [preview]);

  useEffect(() => () => client?.close(), [client]);

  const askDevices = async (role: PublishRole) => {
    setPreview({ state: 'asking' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia(deviceConstraints(role));
      setPreview({ state: 'ready', stream, role });
    } catch (error) {
      const denied = error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
      setPreview({
        state: 'denied',
        message: denied
          ? `The browser did not allow the ${role === 'camera' ? 'camera and microphone' : 'microphone'}. Allow it in the address bar and try again, or join as a viewer.`
          : `No ${role === 'camera' ? 'camera or microphone' : 'microphone'} could be opened (${error instanceof Error ? error.message : String(error)}). You can still join as a viewer.`,
      });
    }
  };

  const start = async (role: JoinRole, stream: MediaStream | null) => {
    // One join at a time: a second click while the client's code arrives does nothing.
    if (starting.current) return;
    starting.current = true;
    let Client: typeof RoomClient;
    try {
      ({ RoomClient: Client } = await loadRoomClient());
    } catch (error) {
      setLoadProblem(`The room's code could not be loaded (${error instanceof Error ? error.message : String(error)}). Check the connection and try again.`);
      return;
    } finally {
      starting.current = false;
    }
    setLoadProblem(null);
    const c = new Client(roomId, name.trim() || 'Guest', role, stream);
    // A rejoin keeps the reader's pretend downlink.
    if (cap !== 'none') c.setDownlinkCap(Number(cap));
    c.subscribe(setRoom);
    setRoom(c.state);
    setHidden({});
    setSession({ client: c, role, stream });
    c.start();
  };

  const join = (role: JoinRole) => {
    setRejoinNote(null);
    void start(role, preview.state === 'ready' && role !== 'viewer' ? preview.stream : null);
  };

  /** One click after a drop: the same role, the same devices where they are still there. */
  const rejoin = async () => {
    if (!session) return;
    session.client.close();
    const reopened = await reopenDevices(session.stream, session.role);
    setRejoinNote(reopened.note);
    if (reopened.stream && reopened.role !== 'viewer') setPreview({ state: 'ready', stream: reopened.stream, role: reopened.role });
    await start(reopened.role, reopened.stream);
  };

  const leave = () => {
    client?.close();
    if (preview.state === 'ready') preview.stream.getTracks().forEach((t) => t.stop());
    setSession(null);
    setRoom(null);
    setRejoinNote(null);
    setPreview({ state: 'idle' });
  };

  // Stable callbacks: a tile's observers and controls never change identity across renders.
  const reportTile = useCallback((publisherId: string, patch: TileViewPatch) => client?.setTileView(publisherId, patch), [client]);
  const forceLayer = useCallback((publisherId: string, rid: string | null) => client?.forceLayer(publisherId, rid), [client]);
  const toggleVideo = useCallback(
    (publisherId: string, off: boolean) => {
      setHidden((h) => ({ ...h, [publisherId]: off }));
      client?.setTileView(publisherId, { videoOff: off });
    },
    [client],
  );

  const connections = useCallback(() => client?.connections() ?? [], [client]);

  const changeCap = (value: Cap) => {
    setCap(value);
    client?.setDownlinkCap(value === 'none' ? null : Number(value));
  };

  const names = useMemo(() => Object.fromEntries((room?.peers ?? []).map((p) => [p.id, p.name])), [room?.peers]);

  if (supported === false) return <NoWebRtc />;

  if (room?.fatal) {
    return (
      <RoomProblem code={room.fatal.code} title={room.fatal.code === 'room-full' ? 'This room is full' : 'Could not join the room'} message={room.fatal.message}>
        <div className={styles.actions}>
          {(room.fatal.code === 'room-full' || room.fatal.code === 'too-many-rooms') && (
            <button type="button" className="button button-primary" data-control="rejoin" onClick={rejoin}>
              Try again
            </button>
          )}
          <button type="button" className="button" onClick={leave}>
            Back
          </button>
        </div>
      </RoomProblem>
    );
  }

  if (room?.phase === 'dropped' && room.dropped && session) {
    const how = session.role === 'camera' ? 'with your camera and microphone' : session.role === 'mic' ? 'with your microphone' : 'to watch and listen';
    return (
      <div className={styles.error} role="alert" data-error={room.dropped.code} data-dropped>
        <h2>You are no longer in the room</h2>
        <p>{room.dropped.message}</p>
        <p>Nothing you did caused this. Rejoining takes a second and puts you back {how}.</p>
        <div className={styles.actions}>
          <button type="button" className="button button-primary" data-control="rejoin" onClick={rejoin}>
            Rejoin
          </button>
          <button type="button" className="button" data-control="leave" onClick={leave}>
            Leave
          </button>
        </div>
      </div>
    );
  }

  if (!client || !room || !session) {
    return (
      <section className={styles.lobby} aria-labelledby="join-heading">
        <h2 id="join-heading">Join room “{roomId}”</h2>
        <label className={styles.field}>
          Your name
          <input value={name} maxLength={32} onChange={(e) => setName(e.target.value)} data-control="name" />
        </label>
        <div className={styles.previewBox}>
          {preview.state === 'ready' && preview.role === 'camera' ? (
            <video ref={previewVideo} autoPlay playsInline muted className={styles.video} aria-label="Your camera preview" />
          ) : (
            <p className={styles.muted}>
              {preview.state === 'asking'
                ? 'Asking the browser for your devices…'
                : preview.state === 'ready'
                  ? 'Microphone ready.'
                  : 'Preview your camera, or join without one.'}
            </p>
          )}
        </div>
        {!canCapture && (
          <p role="status" className={styles.warning} data-error="no-capture">
            {window.isSecureContext
              ? 'This browser offers no camera or microphone here.'
              : `Browsers share a camera or microphone only with https pages and localhost, and this page is ${location.origin}.`}{' '}
            You can still join to watch and listen, and add bots.
          </p>
        )}
        {loadProblem && (
          <p role="alert" className={styles.warning} data-error="client-not-loaded">
            {loadProblem}
          </p>
        )}
        {preview.state === 'denied' && (
          <p role="alert" className={styles.warning} data-error="camera-denied">
            {preview.message}
          </p>
        )}
        <div className={styles.actions}>
          {preview.state === 'ready' ? (
            <button type="button" className="button button-primary" data-control="join" onClick={() => join(preview.role)}>
              Join with {preview.role === 'camera' ? 'camera and microphone' : 'microphone only'}
            </button>
          ) : !canCapture ? null : (
            <>
              <button type="button" className="button button-primary" data-control="preview-camera" onClick={() => askDevices('camera')}>
                Camera and microphone
              </button>
              <button type="button" className="button" data-control="preview-mic" onClick={() => askDevices('mic')}>
                Microphone only
              </button>
            </>
          )}
          <button type="button" className="button" data-control="join-viewer" onClick={() => join('viewer')}>
            Just watch and listen
          </button>
        </div>
      </section>
    );
  }

  const stats = room.history.at(-1);
  const me = room.peerId;
  const myRole = session.role;
  const subscriptions = new Map((stats?.subscriptions ?? []).map((s) => [s.publisherId, s]));
  const layers = new Map((stats?.publishers ?? []).map((p) => [p.peerId, p.layers]));
  return (
    <div className={styles.room} data-room-phase={room.phase}>
      <div className={styles.toolbar}>
        <p aria-live="polite" className={styles.headcount}>
          {room.phase === 'connecting' ? 'Connecting…' : `${room.peers.length + 1} in the room${room.maxPeers ? ` (at most ${room.maxPeers})` : ''}`}
          {room.node && (
            <span data-room-node={room.node.id}>
              {', '}on fleet node {room.node.id}
            </span>
          )}
        </p>
        <Segmented label="Tile size" name="tile-size" options={TILE_SIZES} value={tileSize} onChange={setTileSize} />
        <Segmented label="Pretend my downlink is" name="downlink-cap" options={CAPS} value={cap} onChange={changeCap} />
        {/* Enabled once joined: a click before the socket is open would be lost. */}
        <RoomActions
          client={client}
          canAdd={room.phase === 'joined'}
          canRemove={room.phase === 'joined' && room.peers.some((p) => p.role === 'bot')}
          onLeave={leave}
        />
      </div>
      <div className={styles.roomBody}>
        <div className={styles.stage}>
          <ul className={styles.notices} aria-live="polite">
            {rejoinNote && <li data-notice="rejoin">{rejoinNote}</li>}
            {room.notices.map((n) => (
              <li key={n.id} data-notice={n.key}>
                {noticeText(n)}
              </li>
            ))}
          </ul>
          <div className={`${styles.grid} ${styles[tileSize]}`} data-tile-size={tileSize}>
            {me && (
              <Tile
                peer={{ id: me, name: name || 'You', role: myRole, audio: myRole !== 'viewer', video: myRole === 'camera' }}
                video={session.stream?.getVideoTracks()[0] ?? null}
                audio={null}
                speaking={!!room.speaking[me]}
                local
              />
            )}
            {room.peers.map((peer) => (
              <Tile
                key={peer.id}
                peer={peer}
                video={room.media[peer.id]?.video ?? null}
                audio={room.media[peer.id]?.audio ?? null}
                speaking={!!room.speaking[peer.id]}
                subscription={subscriptions.get(peer.id)}
                layers={layers.get(peer.id)}
                videoOff={!!hidden[peer.id]}
                onView={peer.video ? reportTile : undefined}
                onForceLayer={forceLayer}
                onToggleVideo={toggleVideo}
              />
            ))}
          </div>
          {/* Below the tiles: above them it would push tiles off screen, and the server sends no video to a tile nobody sees. */}
          {me && stats && room.bots && (
            <Suspense fallback={null}>
              <SfuBandwidthCheck
                connections={connections}
                me={me}
                role={myRole}
                camera={session.stream?.getVideoTracks()[0] ?? null}
                peers={room.peers}
                stats={stats}
                bots={room.bots}
              />
            </Suspense>
          )}
        </div>
        <LivePanel history={room.history} names={{ ...names, ...(me ? { [me]: `${name || 'You'} (you)` } : {}) }} />
      </div>
    </div>
  );
}
