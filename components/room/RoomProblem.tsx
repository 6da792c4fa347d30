import type { ReactNode } from 'react';
import styles from './Room.module.css';

/** Why the page cannot (or can no longer) be in the room, as an alert: the SFU room and the mesh room share it. */
export function RoomProblem({ code, title, message, children }: { code: string; title: string; message: string; children?: ReactNode }) {
  return (
    <div className={styles.error} role="alert" data-error={code}>
      <h2>{title}</h2>
      <p>{message}</p>
      {children}
    </div>
  );
}

/** A browser without RTCPeerConnection can join neither kind of room. */
export function NoWebRtc() {
  return (
    <RoomProblem
      code="no-webrtc"
      title="This browser cannot join"
      message="It has no WebRTC (RTCPeerConnection). Open the room in a current Chrome, Firefox, Safari or Edge."
    />
  );
}
