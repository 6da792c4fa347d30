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
    publisher: 'WebRTC source, Chromium',
    url: 'https://chromium.googlesource.com/external/webrtc/+/master/media/engine/simulcast.cc',
  },
  'krisp-on-device': {
    title: 'Does Krisp send my audio to its servers?',
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
  'discord-trillions': {
    title: 'How Discord Stores Trillions of Messages',
    publisher: 'Discord engineering blog',
    date: '2023',
    url: 'https://discord.com/blog/how-discord-stores-trillions-of-messages',
  },
  'discord-go-to-rust': {
    title: 'Why Discord is switching from Go to Rust',
    publisher: 'Discord engineering blog',
    date: '2020',
    url: 'https://discord.com/blog/why-discord-is-switching-from-go-to-rust',
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
  rfc6464: {
    title: 'RFC 6464: RTP Header Extension for Client-to-Mixer Audio Level Indication',
    publisher: 'IETF',
    date: '2011',
    url: 'https://www.rfc-editor.org/rfc/rfc6464',
  },
  'gcc-draft': {
    title: 'A Google Congestion Control Algorithm for Real-Time Communication (draft-ietf-rmcat-gcc-02)',
    publisher: 'IETF',
    date: '2016',
    url: 'https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02',
  },
  'transport-cc-draft': {
    title: 'RTP Extensions for Transport-wide Congestion Control (draft-holmer-rmcat-transport-wide-cc-extensions-01)',
    publisher: 'IETF',
    date: '2015',
    url: 'https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01',
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
    title: 'Firewall requirements for Zoom Mesh (client media on UDP 8801, falling back to TCP 443)',
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
  'fcc-broadband-2024': {
    title: 'FCC Increases Broadband Speed Benchmark (to 100/20 Mbps)',
    publisher: 'US Federal Communications Commission',
    date: '2024-03-14',
    url: 'https://www.fcc.gov/document/fcc-increases-broadband-speed-benchmark',
  },
  'ookla-us-2023': {
    title: 'Speedtest Global Index: United States (median fixed broadband, December 2023)',
    publisher: 'Ookla',
    date: '2023-12',
    url: 'https://www.speedtest.net/global-index/united-states',
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
