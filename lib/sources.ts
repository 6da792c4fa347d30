/**
 * Every source a chapter may cite with <Cite id="...">. The content check fails the build on an
 * id that is not here. Claims and figures taken from these are listed in ../shared/facts.md.
 * `caution` marks a source that is secondary or unofficial, so the chapter words it that way.
 */
export interface Source {
  title: string;
  publisher: string;
  /** ISO date or year of publication, when known. */
  date?: string;
  url: string;
  caution?: 'secondary' | 'unofficial';
}

export const sources = {
  'discord-voice-2018': {
    title: 'How Discord Handles Two and Half Million Concurrent Voice Users using WebRTC',
    publisher: 'Discord engineering blog',
    date: '2018-09-10',
    url: 'https://discord.com/blog/how-discord-handles-two-and-half-million-concurrent-voice-users-using-webrtc',
  },
  'discord-hn-bitrate': {
    title: 'A Discord engineer on the default voice bitrate (Hacker News comment)',
    publisher: 'Hacker News',
    date: '2018-09',
    url: 'https://news.ycombinator.com/item?id=17955906',
    caution: 'secondary',
  },
  'discord-voice-docs': {
    title: 'Voice Connections',
    publisher: 'Discord developer documentation',
    url: 'https://discord.com/developers/docs/topics/voice-connections',
  },
  'discord-dave-2024': {
    title: 'Meet DAVE: Discord’s New End-to-End Encryption for Audio & Video',
    publisher: 'Discord blog',
    date: '2024-09-17',
    url: 'https://discord.com/blog/meet-dave-e2ee-for-audio-video',
  },
  'discord-e2ee-2026': {
    title: 'Every Voice and Video Call on Discord Is Now End-to-End Encrypted',
    publisher: 'Discord blog',
    date: '2026-05-18',
    url: 'https://discord.com/blog/every-voice-and-video-call-on-discord-is-now-end-to-end-encrypted',
  },
  'discord-go-live-2024': {
    title: 'How It All Goes Live: An Overview of Discord’s Streaming Technology',
    publisher: 'Discord engineering blog',
    date: '2024',
    url: 'https://discord.com/blog/how-it-all-goes-live-an-overview-of-discords-streaming-technology',
  },
  'discord-amd-keyframes': {
    title: 'From Blocky to Brilliant: Improving Video Quality on Discord Go Live on AMD GPUs',
    publisher: 'Discord engineering blog',
    url: 'https://discord.com/blog/from-blocky-to-brilliant-improving-video-quality-on-discord-go-live-on-amd-gpus',
  },
  'discord-food-voice': {
    title: 'Voice Connections (unofficial documentation)',
    publisher: 'docs.discord.food',
    url: 'https://docs.discord.food/topics/voice-connections',
    caution: 'unofficial',
  },
  'libwebrtc-simulcast': {
    title: 'media/engine/simulcast.cc (simulcast layer table)',
    publisher: 'WebRTC source (webrtc.googlesource.com)',
    url: 'https://webrtc.googlesource.com/src/+/main/media/engine/simulcast.cc',
  },
  'livekit-forwarder': {
    title: 'pkg/sfu/forwarder.go (per-subscriber choice of the best simulcast layer that fits)',
    publisher: 'LiveKit server source (livekit/livekit)',
    url: 'https://github.com/livekit/livekit/blob/005bacaf62eb3bb398f31fd8dc0a45bd7db5b801/pkg/sfu/forwarder.go',
  },
  'mediasoup-simulcast-consumer': {
    title: 'worker/src/RTC/SimulcastConsumer.cpp (per-consumer simulcast layer selection)',
    publisher: 'mediasoup source (versatica/mediasoup)',
    url: 'https://github.com/versatica/mediasoup/blob/002f932d3a3b4c2a5189f0554b82a04b0a47858e/worker/src/RTC/SimulcastConsumer.cpp',
  },
  'krisp-on-device': {
    title: 'How does Krisp work technically?',
    publisher: 'Krisp help center',
    url: 'https://help.krisp.ai/hc/en-us/articles/360012035520',
  },
  'rnnoise-demo': {
    title: 'RNNoise: Learning Noise Suppression',
    publisher: 'Jean-Marc Valin (Xiph.Org / Mozilla)',
    date: '2017',
    url: 'https://jmvalin.ca/demo/rnnoise/',
  },
  'rnnoise-paper': {
    title: 'A Hybrid DSP/Deep Learning Approach to Real-Time Full-Band Speech Enhancement (arXiv:1709.08243, MMSP 2018)',
    publisher: 'Jean-Marc Valin',
    date: '2017',
    url: 'https://arxiv.org/abs/1709.08243',
  },
  'discord-gateway-docs': {
    title: 'Gateway',
    publisher: 'Discord developer documentation',
    url: 'https://discord.com/developers/docs/topics/gateway',
  },
  'discord-websocket-40': {
    title: 'How Discord Reduced Websocket Traffic by 40%',
    publisher: 'Discord engineering blog',
    date: '2024',
    url: 'https://discord.com/blog/how-discord-reduced-websocket-traffic-by-40-percent',
  },
  'elixir-discord-2020': {
    title: 'Real time communication at scale with Elixir at Discord',
    publisher: 'Elixir blog',
    date: '2020-10-08',
    url: 'https://elixir-lang.org/blog/2020/10/08/real-time-communication-at-scale-with-elixir-at-discord/',
  },
  'discord-elixir-5m': {
    title: 'How Discord Scaled Elixir to 5,000,000 Concurrent Users',
    publisher: 'Discord engineering blog',
    date: '2017',
    url: 'https://discord.com/blog/how-discord-scaled-elixir-to-5-000-000-concurrent-users',
  },
  'discord-rust-sortedset': {
    title: 'Using Rust to Scale Elixir for 11 Million Concurrent Users',
    publisher: 'Discord engineering blog',
    date: '2019',
    url: 'https://discord.com/blog/using-rust-to-scale-elixir-for-11-million-concurrent-users',
  },
  'discord-maxjourney': {
    title: 'Maxjourney: Pushing Discord’s Limits with a Million+ Online Users in a Single Server',
    publisher: 'Discord engineering blog',
    date: '2023',
    url: 'https://discord.com/blog/maxjourney-pushing-discords-limits-with-a-million-plus-online-users-in-a-single-server',
  },
  'maxjourney-summary': {
    title: 'Managing the World’s Largest Server: Discord’s Approach (a summary of Discord’s Maxjourney post)',
    publisher: 'Kunal Khare, Hashnode blog',
    url: 'https://hashnode-hub.vercel.app/posts/67e6e9a9e6094f60abe26132',
    caution: 'secondary',
  },
  rfc6298: {
    title: 'RFC 6298: Computing TCP’s Retransmission Timer',
    publisher: 'IETF',
    date: '2011',
    url: 'https://www.rfc-editor.org/rfc/rfc6298',
  },
  rfc3550: {
    title: 'RFC 3550: RTP, A Transport Protocol for Real-Time Applications',
    publisher: 'IETF',
    date: '2003',
    url: 'https://www.rfc-editor.org/rfc/rfc3550',
  },
  rfc6716: {
    title: 'RFC 6716: Definition of the Opus Audio Codec',
    publisher: 'IETF',
    date: '2012',
    url: 'https://www.rfc-editor.org/rfc/rfc6716',
  },
  rfc7587: {
    title: 'RFC 7587: RTP Payload Format for the Opus Speech and Audio Codec',
    publisher: 'IETF',
    date: '2015',
    url: 'https://www.rfc-editor.org/rfc/rfc7587',
  },
  rfc7667: {
    title: 'RFC 7667: RTP Topologies',
    publisher: 'IETF',
    date: '2015',
    url: 'https://www.rfc-editor.org/rfc/rfc7667',
  },
  rfc4585: {
    title: 'RFC 4585: Extended RTP Profile for RTCP-Based Feedback (RTP/AVPF), section 6.3.1 (PLI)',
    publisher: 'IETF',
    date: '2006',
    url: 'https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1',
  },
  rfc5104: {
    title: 'RFC 5104: Codec Control Messages in the RTP AVPF, section 4.3.1 (FIR)',
    publisher: 'IETF',
    date: '2008',
    url: 'https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1',
  },
  rfc8852: {
    title: 'RFC 8852: RTP Stream Identifier Source Description (RID)',
    publisher: 'IETF',
    date: '2021',
    url: 'https://www.rfc-editor.org/rfc/rfc8852',
  },
  rfc8843: {
    title: 'RFC 8843: Negotiating Media Multiplexing Using SDP (BUNDLE, MID)',
    publisher: 'IETF',
    date: '2021',
    url: 'https://www.rfc-editor.org/rfc/rfc8843',
  },
  rfc8853: {
    title: 'RFC 8853: Using Simulcast in SDP and RTP Sessions',
    publisher: 'IETF',
    date: '2021',
    url: 'https://www.rfc-editor.org/rfc/rfc8853',
  },
  rfc8285: {
    title: 'RFC 8285: A General Mechanism for RTP Header Extensions',
    publisher: 'IETF',
    date: '2017',
    url: 'https://www.rfc-editor.org/rfc/rfc8285',
  },
  'gcc-draft': {
    title: 'A Google Congestion Control Algorithm for Real-Time Communication (draft-ietf-rmcat-gcc-02)',
    publisher: 'IETF',
    date: '2016',
    url: 'https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02',
  },
  rfc5681: {
    title: 'RFC 5681: TCP Congestion Control, section 3.2 (fast retransmit after three duplicate ACKs)',
    publisher: 'IETF',
    date: '2009',
    url: 'https://www.rfc-editor.org/rfc/rfc5681#section-3.2',
  },
  'linux-tcp-rto': {
    title: 'Linux include/net/tcp.h: TCP_RTO_MIN (HZ/5, 200 ms) and net/ipv4/tcp_input.c: tcp_rtt_estimator',
    publisher: 'Linux kernel source',
    url: 'https://github.com/torvalds/linux/blob/master/include/net/tcp.h',
  },
  rfc6455: {
    title: 'RFC 6455: The WebSocket Protocol',
    publisher: 'IETF',
    date: '2011',
    url: 'https://www.rfc-editor.org/rfc/rfc6455',
  },
  rfc7692: {
    title: 'RFC 7692: Compression Extensions for WebSocket (permessage-deflate)',
    publisher: 'IETF',
    date: '2015',
    url: 'https://www.rfc-editor.org/rfc/rfc7692',
  },
  rfc8835: {
    title: 'RFC 8835: Transports for WebRTC (UDP first; TCP and TURN relays as fallbacks)',
    publisher: 'IETF',
    date: '2021',
    url: 'https://www.rfc-editor.org/rfc/rfc8835',
  },
  rfc2719: {
    title: 'RFC 2719: Framework Architecture for Signaling Transport (the telephone network as a Switched Circuit Network)',
    publisher: 'IETF',
    date: '1999',
    url: 'https://www.rfc-editor.org/rfc/rfc2719',
  },
  'zoom-mesh-firewall': {
    title: 'Firewall requirements for Zoom Mesh',
    publisher: 'Zoom support',
    url: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0061864',
  },
  'asa-echo-1996': {
    title: 'Acoustic echo cancellation for duplex hands-free communication (meeting abstract: double-talk, suppression and clipping)',
    publisher: 'Acoustical Society of America',
    date: '1996',
    url: 'http://auditory.org/asamtgs/asa96ind/3aEA/3aEA2.html',
    caution: 'secondary',
  },
  'itu-g114': {
    title: 'ITU-T Recommendation G.114: One-way transmission time',
    publisher: 'ITU-T',
    date: '2003-05',
    url: 'https://www.itu.int/rec/T-REC-G.114-200305-I/en',
  },
  'spotify-audio-quality': {
    title: 'Audio quality (Normal about 96 kbit/s, High about 160 kbit/s on the free plan)',
    publisher: 'Spotify support',
    url: 'https://support.spotify.com/us/article/audio-quality/',
  },
  'soundcloud-api-streams': {
    title: 'Moving to Modern Streaming: Introducing AAC HLS on SoundCloud APIs',
    publisher: 'SoundCloud developers blog',
    url: 'https://developers.soundcloud.com/blog/api-streaming-urls',
  },
  'fcc-broadband-2024': {
    title: 'FCC Increases Broadband Speed Benchmark (to 100/20 Mbps)',
    publisher: 'US Federal Communications Commission',
    date: '2024-03-14',
    url: 'https://www.fcc.gov/document/fcc-increases-broadband-speed-benchmark',
  },
  'ookla-us-2023': {
    // Ookla's own index page shows the latest month only, so December 2023 is cited through a dated report of it.
    title: 'Ookla Year-End 2023 Reports Shows Further Rise in U.S. Broadband Speeds (Ookla’s December 2023 US medians: fixed 227.27 Mbps down, 26.59 Mbps up)',
    publisher: 'Free State Foundation blog, reporting Ookla’s Speedtest Global Index',
    date: '2024-01-16',
    url: 'https://freestatefoundation.blogspot.com/2024/01/ookla-year-end-2023-reports-shows.html',
    caution: 'secondary',
  },
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof sources;

export function isSourceId(id: string): id is SourceId {
  return Object.hasOwn(sources, id);
}

export function getSource(id: string): Source {
  if (!isSourceId(id)) throw new Error(`Unknown source id "${id}": add it to lib/sources.ts`);
  return sources[id];
}
