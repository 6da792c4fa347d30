/**
 * The bandwidth model of a voice room: what mesh, SFU and MCU cost each person and the server.
 * Pure functions, no React, no DOM. Stable API (the live demo room calls it; do not change signatures):
 *
 *   roomBandwidth({ topology, people, talkers, vad?, streamKbps?, streamPacketsPerSecond?, video? }): RoomBandwidth
 *     topology  'mesh' | 'sfu' | 'mcu'
 *     people    N, everyone in the channel (integer >= 1)
 *     talkers   K, how many speak right now (0..N)
 *     vad       default true: silent people send nothing; false: every mic streams all the time
 *     streamKbps  wire bitrate per voice stream, default DEFAULT_VOICE_WIRE_KBPS = 80
 *                 (64 kbps Opus + 40 B IPv4/UDP/RTP headers x 50 packets/s = 16 kbps)
 *     video     optional { cameras, layer: '180p' | '360p' | '720p' } (libwebrtc's bitrate for that layer sent alone)
 *   returns per-person numbers (`talker`, `listener`, and every `groups` entry: uploadKbps, downloadKbps,
 *   uploadStreams, downloadStreams, connections), `maxUploadKbps`, `maxDownloadKbps`, room-wide `connections`,
 *   `server` ingress/egress (null for mesh) and `mcu` decode/mix/encode work (null unless mcu).
 *
 *   "What a mesh of this room would cost each person":
 *     const mesh = roomBandwidth({ topology: 'mesh', people: 10, talkers: 3 });
 *     mesh.talker?.uploadKbps    // 720  = (10 - 1) x 80
 *     mesh.listener?.downloadKbps // 240 = 3 x 80
 *
 * Also: voiceStream() (the 80 kbps derivation), UPLINKS and exceedsUplink() (cited household uplinks),
 * seedCorrections() (the case study's numbers, recomputed), roomLayout() and stepFlow() (the figure's picture).
 */
export * from './stream';
export * from './video';
export * from './room';
export * from './uplinks';
export * from './scenarios';
export * from './layout';
export * from './flow';
export * from './tables';
export * from './members';
export * from './measured';
export * from './recorded';
