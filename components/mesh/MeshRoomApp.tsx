'use client';
import { useEffect, useState } from 'react';
import type { JoinRole } from '@/lib/protocol/room';
import { liveMemberBandwidth, MESH_PEOPLE_CAP, MESH_SEND_LAYER, meshRoomMembers, VIDEO_LAYERS, type MeshRoomPerson } from '@/lib/bandwidth';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Tile } from '@/components/room/Tile';
import { NoWebRtc, RoomProblem } from '@/components/room/RoomProblem';
import { RoomActions } from '@/components/room/RoomActions';
import roomStyles from '@/components/room/Room.module.css';
import { MeshClient, type MeshClientState } from './meshClient';
import { BandwidthCheck } from '@/components/traffic/BandwidthCheck';
import styles from './Mesh.module.css';

const JOINS: { role: JoinRole; label: string; control: string }[] = [
  { role: 'camera', label: 'Join with camera and microphone', control: 'join-camera' },
  { role: 'mic', label: 'Microphone only', control: 'join-mic' },
  { role: 'viewer', label: 'Just watch and listen', control: 'join-viewer' },
];

/** The mesh layer a browser's camera is opened at: each copy goes out at this size. */
const CAMERA = { width: { ideal: VIDEO_LAYERS[MESH_SEND_LAYER].width }, height: { ideal: VIDEO_LAYERS[MESH_SEND_LAYER].height }, frameRate: { ideal: 30 } };

export interface MeshRoomAppProps {
  roomId: string;
  /** The chapter's embed: smaller tiles, no heading of its own. */
  compact?: boolean;
}

/**
 * A mesh room: every browser sends its own copy of its camera and voice straight to every other, through
 * peerjs connections the server's PeerServer introduced. Beside the tiles, this browser's upload and
 * download as lib/bandwidth predicts them and as getStats measures them (BandwidthCheck).
 */
export function MeshRoomApp({ roomId, compact = false }: MeshRoomAppProps) {
  const [supported, setSupported] = useState<boolean | null>(null);
  const [canCapture, setCanCapture] = useState(true);
  const [name, setName] = useState('');
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [role, setRole] = useState<JoinRole>('viewer');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [client, setClient] = useState<MeshClient | null>(null);
  const [room, setRoom] = useState<MeshClientState | null>(null);

  useEffect(() => {
    // Decided after mount: the server render cannot know the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSupported(typeof RTCPeerConnection !== 'undefined');
    setCanCapture(!!navigator.mediaDevices?.getUserMedia);
    setName(`Guest ${Math.floor(100 + (performance.now() % 900))}`);
  }, []);

  useEffect(() => () => client?.close(), [client]);
  useEffect(() => () => local?.getTracks().forEach((t) => t.stop()), [local]);

  const join = async (as: JoinRole) => {
    setProblem(null);
    let stream: MediaStream | null = null;
    if (as !== 'viewer') {
      setAsking(true);
      try {
        stream = await navigator.mediaDevices.getUserMedia(as === 'camera' ? { audio: true, video: CAMERA } : { audio: true });
      } catch (error) {
        setAsking(false);
        setProblem(`No ${as === 'camera' ? 'camera or microphone' : 'microphone'} could be opened (${error instanceof Error ? error.message : String(error)}). You can still join to watch and listen.`);
        return;
      }
      setAsking(false);
    }
    const c = new MeshClient(roomId, name.trim() || 'Guest', as, stream);
    c.subscribe(setRoom);
    setRole(as);
    setLocal(stream);
    setRoom(c.state);
    setClient(c);
    c.start();
  };

  const leave = () => {
    client?.close();
    setClient(null);
    setRoom(null);
    setLocal(null);
  };

  if (supported === false) return <NoWebRtc />;

  if (room?.fatal) {
    return (
      <RoomProblem code={room.fatal.code} title={room.fatal.code === 'room-full' ? 'This mesh room is full' : 'Could not stay in the room'} message={room.fatal.message}>
        <button type="button" className="button" onClick={leave}>
          Back
        </button>
      </RoomProblem>
    );
  }

  if (!client || !room) {
    const Heading = compact ? 'h3' : 'h2';
    return (
      <Workbench>
        <Stage>
          <BandwidthCheck predicted={null} measured={null} />
        </Stage>
        <section className={roomStyles.lobby} aria-labelledby={`mesh-join-${roomId}`} data-mesh-lobby={roomId}>
          <Heading id={`mesh-join-${roomId}`}>Join mesh room “{roomId}”</Heading>
          <p className={roomStyles.muted}>
            Peer to peer: your browser connects straight to each of the others and sends each its own copy. At most {MESH_PEOPLE_CAP} people, bots
            included.
          </p>
          <label className={roomStyles.field}>
            Your name
            <input value={name} maxLength={32} onChange={(e) => setName(e.target.value)} data-control="name" />
          </label>
          {!canCapture && (
            <p role="status" className={roomStyles.warning} data-error="no-capture">
              Browsers share a camera or microphone only with https pages and localhost. You can still join to watch and listen, and add bots.
            </p>
          )}
          {problem && (
            <p role="alert" className={roomStyles.warning} data-error="camera-denied">
              {problem}
            </p>
          )}
          <div className={roomStyles.actions}>
            {JOINS.filter((j) => canCapture || j.role === 'viewer').map((j) => (
              <button
                key={j.role}
                type="button"
                className={`button${j.role === 'camera' ? ' button-primary' : ''}`}
                data-control={j.control}
                disabled={asking}
                onClick={() => void join(j.role)}
              >
                {j.label}
              </button>
            ))}
          </div>
          {asking && <p role="status">Asking the browser for your devices…</p>}
        </section>
      </Workbench>
    );
  }

  // Cheap arithmetic, redone on every snapshot (once a second at most).
  const predicted = room.peerjsId && room.bot ? predict(room.peerjsId, role, room) : null;
  const people = room.members.length + 1;
  const bots = room.members.filter((m) => m.role === 'bot').length;
  const full = room.maxPeers !== null && people >= room.maxPeers;
  return (
    <div className={roomStyles.room} data-room-phase={room.phase} data-mesh-room={roomId}>
      <Workbench>
        <Stage>
          <BandwidthCheck predicted={predicted} measured={room.measured} />
        </Stage>
        <div className={roomStyles.toolbar}>
          <p aria-live="polite">
            <span className={styles.modeBadge}>Mesh (peer to peer)</span>
            {room.phase === 'connecting' ? 'Connecting…' : `${people} in the room (at most ${room.maxPeers ?? MESH_PEOPLE_CAP})`}
          </p>
          <RoomActions client={client} canAdd={!full} whyNotAdd={`mesh-full-${roomId}`} canRemove={bots > 0} onLeave={leave} />
        </div>
      </Workbench>
      {full && (
        <p id={`mesh-full-${roomId}`} className={roomStyles.muted} data-mesh-full>
          The room is at its {room.maxPeers}: each of you already uploads {people - 1} copies of your camera and voice. A mesh stops here; an SFU room
          takes more, because everyone uploads once.
        </p>
      )}
      <ul className={roomStyles.notices} aria-live="polite">
        {room.notices.map((n) => (
          <li key={n.id}>{n.text}</li>
        ))}
      </ul>
      <div className={`${roomStyles.grid} ${roomStyles[compact ? 'small' : 'medium']}`}>
        {room.peerjsId && (
          <Tile
            peer={{ id: room.peerjsId, name: name || 'You', role, audio: role !== 'viewer', video: role === 'camera' }}
            video={local?.getVideoTracks()[0] ?? null}
            audio={null}
            speaking={false}
            local
          />
        )}
        {room.members.map((m) => {
          const stream = room.streams[m.peerjsId];
          return (
            <Tile
              key={m.peerjsId}
              peer={{ id: m.peerjsId, name: m.name, role: m.role, audio: m.role !== 'viewer', video: m.role === 'camera' || m.role === 'bot' }}
              video={stream?.getVideoTracks()[0] ?? null}
              audio={stream?.getAudioTracks()[0] ?? null}
              speaking={!!room.speaking[m.peerjsId]}
            />
          );
        })}
      </div>
    </div>
  );
}

/** What lib/bandwidth says this browser sends and receives with these people in the room now. */
function predict(me: string, role: JoinRole, room: MeshClientState) {
  const people: MeshRoomPerson[] = [
    { id: me, role },
    ...room.members.map((m) => ({ id: m.peerjsId, role: m.role, talking: !!room.speaking[m.peerjsId] })),
  ];
  return liveMemberBandwidth({ topology: 'mesh', members: meshRoomMembers(people, room.bot!), me });
}

