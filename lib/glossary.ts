/**
 * The glossary behind <Term id="...">. A definition is one or two plain sentences; the
 * content check fails the build on a term id that is not here.
 */
export interface GlossaryEntry {
  term: string;
  definition: string;
}

export const glossary = {
  udp: {
    term: 'UDP',
    definition:
      'User Datagram Protocol: sends each packet on its own, with no retransmission and no ordering. Whatever arrives is handed over at once.',
  },
  tcp: {
    term: 'TCP',
    definition:
      'Transmission Control Protocol: a reliable, ordered byte stream. Lost segments are sent again and later data waits until the gap is filled.',
  },
  rtp: {
    term: 'RTP',
    definition:
      'Real-time Transport Protocol: a small header on each media packet with a sequence number, a timestamp and a stream id (SSRC), usually carried over UDP.',
  },
  rtcp: {
    term: 'RTCP',
    definition:
      'RTP Control Protocol: the feedback channel beside RTP, with reception reports, keyframe requests and bandwidth estimates.',
  },
  rtt: {
    term: 'RTT',
    definition: 'Round-trip time: how long a packet takes to reach the other side and an answer to come back.',
  },
  jitter: {
    term: 'jitter',
    definition: 'The variation in packet delay: packets sent every 20 ms arrive at uneven intervals.',
  },
  'jitter-buffer': {
    term: 'jitter buffer',
    definition:
      'A short queue at the receiver that holds packets for a few tens of milliseconds so they can be played at an even pace despite jitter.',
  },
  plc: {
    term: 'packet-loss concealment',
    definition:
      'What a decoder does when a packet is missing: it fills the gap with sound extrapolated from what came before, so a short loss is barely heard.',
  },
  hol: {
    term: 'head-of-line blocking',
    definition:
      'In an ordered stream, one missing packet holds back everything behind it, even data that has already arrived.',
  },
  rto: {
    term: 'RTO',
    definition: 'Retransmission timeout: how long TCP waits for an acknowledgement before it sends a segment again.',
  },
  'fast-retransmit': {
    term: 'fast retransmit',
    definition:
      'TCP resends a segment as soon as three duplicate ACKs (or SACKs of three later segments) show it went missing, without waiting for its timer.',
  },
  turn: {
    term: 'TURN',
    definition:
      'A relay server that forwards media between peers who cannot reach each other directly; a last resort, and it can carry the media over UDP, TCP or TLS.',
  },
  opus: {
    term: 'Opus',
    definition:
      'The audio codec of WebRTC and Discord: 6 to 510 kbps, frames of 2.5 to 60 ms; over RTP a packet carries 20 ms unless the two ends agree otherwise.',
  },
  webrtc: {
    term: 'WebRTC',
    definition:
      'The browser standard and library for real-time audio, video and data: capture, codecs, encryption (DTLS-SRTP), and connectivity (ICE).',
  },
  mesh: {
    term: 'mesh',
    definition: 'A call where every participant sends their stream straight to every other participant.',
  },
  sfu: {
    term: 'SFU',
    definition:
      'Selective Forwarding Unit: a server that receives each stream once and forwards a copy to each receiver, choosing what to send, without decoding it.',
  },
  mcu: {
    term: 'MCU',
    definition:
      'Multipoint Control Unit: a server that decodes every stream, mixes them, and encodes a new stream for each receiver.',
  },
  vad: {
    term: 'VAD',
    definition: 'Voice activity detection: deciding, frame by frame, whether someone is speaking.',
  },
  dtx: {
    term: 'DTX',
    definition:
      'Discontinuous transmission: an Opus mode that sends only an occasional small packet while the input is silent.',
  },
  simulcast: {
    term: 'simulcast',
    definition:
      'The sender encodes the same video at several resolutions at once, so a server can forward each receiver the one that fits.',
  },
  keyframe: {
    term: 'keyframe',
    definition:
      'A video frame that can be decoded on its own. The frames after it only describe changes, so a receiver can only start or switch streams at a keyframe.',
  },
  pli: {
    term: 'PLI',
    definition: 'Picture Loss Indication: an RTCP message that asks the sender for a new keyframe.',
  },
  rid: {
    term: 'RID',
    definition: 'RTP stream identifier: the name (such as "q", "h", "f") that tells simulcast layers apart on the wire.',
  },
  gateway: {
    term: 'Gateway',
    definition:
      'Discord’s WebSocket service: every online client holds one connection to it for messages, presence and events.',
  },
  websocket: {
    term: 'WebSocket',
    definition: 'A long-lived, two-way message channel between a browser and a server, running over TCP.',
  },
  'guild-process': {
    term: 'guild process',
    definition:
      'In Discord’s Elixir backend, the one lightweight process that owns a server’s (guild’s) state and fans its events out to members’ sessions.',
  },
  beam: {
    term: 'BEAM',
    definition:
      'The Erlang virtual machine that Elixir runs on, built for millions of small isolated processes that talk by messages.',
  },
  etcd: {
    term: 'etcd',
    definition: 'A replicated key-value store used for service discovery and configuration.',
  },
  rnnoise: {
    term: 'RNNoise',
    definition:
      'An open noise suppressor by Jean-Marc Valin that combines classic signal processing with a small recurrent neural network.',
  },
  gru: {
    term: 'GRU',
    definition:
      'Gated recurrent unit: a neural-network layer that keeps a small memory from one time step to the next and learns when to keep or overwrite it.',
  },
  'audio-worklet': {
    term: 'AudioWorklet',
    definition:
      'A browser feature that runs a page’s own audio code on the audio thread, 128 samples at a time, with the same timing as the built-in audio nodes.',
  },
  krisp: {
    term: 'Krisp',
    definition: 'A commercial, closed noise-suppression model that, by Krisp’s own documentation, runs on the user’s device.',
  },
  egress: {
    term: 'egress',
    definition: 'Traffic a server sends out to the internet, as opposed to ingress, the traffic it receives.',
  },
} as const satisfies Record<string, GlossaryEntry>;

export type GlossaryId = keyof typeof glossary;

export function isGlossaryId(id: string): id is GlossaryId {
  return Object.hasOwn(glossary, id);
}
