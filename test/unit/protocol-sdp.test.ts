import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMeshCallSdp, checkPublishOffer, checkSubscribeAnswer, MAX_SDP_MEDIA_SECTIONS, mediaMids, parseSdp, withOpusParameters, withoutCandidates } from '@/lib/protocol/sdp';
import { MAX_PEERS_PER_ROOM } from '@/server/limits';

/** A real publish offer from the Chromium the e2e tests use: 720p camera as q/h/f simulcast, then the microphone. */
const chromiumOffer = readFileSync(new URL('../fixtures/chromium-publish-offer.sdp', import.meta.url), 'utf8');
const camera = { video: true, allowedRids: ['q', 'h', 'f'] };

function section(mid: string, kind = 'audio', extra = ''): string {
  return `m=${kind} 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\na=fingerprint:sha-256 AB:CD\r\na=setup:active\r\na=mid:${mid}\r\na=recvonly\r\n${extra}`;
}
function answer(mids: string[], bundle = mids): string {
  return `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE ${bundle.join(' ')}\r\n${mids.map((mid) => section(mid)).join('')}`;
}

describe('reading an SDP', () => {
  it('finds the sections, MIDs, BUNDLE group, simulcast RIDs and candidates of a browser’s offer', () => {
    const parsed = parseSdp(chromiumOffer);
    expect(parsed.version).toBe('0');
    expect(parsed.bundleGroups).toEqual([['0', '1']]);
    expect(parsed.media.map((m) => [m.kind, m.mid, m.direction, m.candidates])).toEqual([
      ['video', '0', 'sendonly', 2],
      ['audio', '1', 'sendonly', 2],
    ]);
    expect(parsed.media[0].sendRids).toEqual(['q', 'h', 'f']);
    expect(parsed.media[0].simulcastSendRids).toEqual(['q', 'h', 'f']);
    expect(mediaMids(chromiumOffer)).toEqual(['0', '1']);
  });
});

describe('a publish offer', () => {
  it('accepts what Chromium sends for a 720p camera and a microphone', () => {
    expect(checkPublishOffer(chromiumOffer, camera)).toEqual({ ok: true, value: { audio: true, videoRids: ['q', 'h', 'f'] } });
  });

  it('refuses a bare "v=0": nothing to build a publisher from', () => {
    expect(checkPublishOffer('v=0', camera)).toEqual({ ok: false, reason: 'The publish offer was refused: it has no media sections.' });
  });

  it('refuses sections outside one BUNDLE group, which would each cost an ICE agent and its sockets', () => {
    const unbundled = chromiumOffer.replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0');
    expect(checkPublishOffer(unbundled, camera)).toMatchObject({ ok: false, reason: expect.stringContaining('BUNDLE') });
    const noGroup = chromiumOffer.replace('a=group:BUNDLE 0 1\r\n', '');
    expect(checkPublishOffer(noGroup, camera)).toMatchObject({ ok: false, reason: expect.stringContaining('BUNDLE') });
  });

  it('refuses 459 audio sections (the m-line bomb) without reading past the limit', () => {
    const bomb = `v=0\r\na=group:BUNDLE ${Array.from({ length: 459 }, (_, i) => i).join(' ')}\r\n` + Array.from({ length: 459 }, (_, i) => section(String(i))).join('');
    expect(checkPublishOffer(bomb, camera)).toEqual({ ok: false, reason: `The publish offer was refused: it has more than ${MAX_SDP_MEDIA_SECTIONS} media sections.` });
    expect(parseSdp(bomb).media.length).toBeLessThanOrEqual(MAX_SDP_MEDIA_SECTIONS + 1);
    const two = `v=0\r\na=group:BUNDLE 0 1\r\n${section('0', 'audio', 'a=sendonly\r\n')}${section('1', 'audio', 'a=sendonly\r\n')}`;
    expect(checkPublishOffer(two, camera)).toMatchObject({ ok: false, reason: expect.stringContaining('one audio and one video') });
  });

  it('refuses video from a microphone-only peer, data channels, and layers the camera’s ladder does not have', () => {
    expect(checkPublishOffer(chromiumOffer, { video: false, allowedRids: [] })).toMatchObject({ reason: expect.stringContaining('microphone-only') });
    expect(checkPublishOffer(chromiumOffer.replace('m=audio 9', 'm=application 9'), camera)).toMatchObject({ reason: expect.stringContaining('"application"') });
    expect(checkPublishOffer(chromiumOffer, { video: true, allowedRids: ['q', 'h'] })).toMatchObject({ reason: expect.stringContaining('"f"') });
    const fourLayers = chromiumOffer.replace('a=rid:f send', 'a=rid:f send\r\na=rid:x send');
    expect(checkPublishOffer(fourLayers, camera)).toMatchObject({ reason: expect.stringContaining('at most 3') });
    const undeclared = chromiumOffer.replace('a=simulcast:send q;h;f', 'a=simulcast:send q;h;f;z');
    expect(checkPublishOffer(undeclared, camera)).toMatchObject({ reason: expect.stringContaining('a=simulcast') });
  });

  it('refuses a section that does not send, a duplicate MID, and missing ICE or DTLS credentials', () => {
    expect(checkPublishOffer(chromiumOffer.replace(/a=sendonly/g, 'a=recvonly'), camera)).toMatchObject({ reason: expect.stringContaining('does not send') });
    expect(checkPublishOffer(chromiumOffer.replace('a=mid:1', 'a=mid:0'), camera)).toMatchObject({ reason: expect.stringContaining('used twice') });
    expect(checkPublishOffer(chromiumOffer.replace(/a=ice-pwd:[^\r\n]*\r\n/g, ''), camera)).toMatchObject({ reason: expect.stringContaining('ICE credentials') });
    expect(checkPublishOffer(chromiumOffer.replace(/a=fingerprint:[^\r\n]*\r\n/g, ''), camera)).toMatchObject({ reason: expect.stringContaining('fingerprint') });
  });

  it('accepts one unlayered video stream, and audio alone', () => {
    const unlayered = chromiumOffer.replace(/a=rid:[^\r\n]*\r\n/g, '').replace(/a=simulcast:[^\r\n]*\r\n/, '');
    expect(checkPublishOffer(unlayered, camera)).toEqual({ ok: true, value: { audio: true, videoRids: [] } });
    const audioOnly = `v=0\r\na=group:BUNDLE 0\r\n${section('0', 'audio', 'a=sendonly\r\n')}`;
    expect(checkPublishOffer(audioOnly.replace('a=recvonly\r\n', ''), { video: false, allowedRids: [] })).toEqual({ ok: true, value: { audio: true, videoRids: null } });
  });
});

describe('a subscribe answer', () => {
  it('accepts one bundled section per offered MID, in order', () => {
    expect(checkSubscribeAnswer(answer(['0', '1', '2']), ['0', '1', '2'])).toEqual({ ok: true, value: null });
  });

  it("accepts a full room's answer: an audio and a video section for each of the 49 other publishers", () => {
    const mids = Array.from({ length: 2 * (MAX_PEERS_PER_ROOM - 1) }, (_, i) => String(i));
    expect(MAX_SDP_MEDIA_SECTIONS).toBeGreaterThanOrEqual(mids.length);
    expect(checkSubscribeAnswer(answer(mids), mids)).toEqual({ ok: true, value: null });
  });

  it('refuses "v=0", a different set of MIDs, and an unbundled answer', () => {
    expect(checkSubscribeAnswer('v=0', ['0', '1'])).toMatchObject({ ok: false, reason: expect.stringContaining('no media sections') });
    expect(checkSubscribeAnswer(answer(['0', '1']), ['0', '1', '2'])).toMatchObject({ reason: expect.stringContaining("not the offer's") });
    expect(checkSubscribeAnswer(answer(['1', '0']), ['0', '1'])).toMatchObject({ ok: false });
    expect(checkSubscribeAnswer(answer(['0', '1'], ['0']), ['0', '1'])).toMatchObject({ reason: expect.stringContaining('BUNDLE') });
  });
});

describe('candidates', () => {
  it('are dropped before werift sees them: an ICE-lite server never uses them', () => {
    const stripped = withoutCandidates(chromiumOffer + 'a=end-of-candidates\r\n');
    expect(stripped).not.toContain('a=candidate:');
    expect(stripped).not.toContain('a=end-of-candidates');
    expect(parseSdp(stripped).media.map((m) => m.candidates)).toEqual([0, 0]);
    expect(stripped.split('\r\n').length).toBe(chromiumOffer.split('\r\n').length - 4);
  });
});

describe('a browser’s side of a mesh call with a bot', () => {
  const call = (mids: [string, string][]) =>
    `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE ${mids.map(([mid]) => mid).join(' ')}\r\n${mids.map(([mid, kind]) => section(mid, kind)).join('')}`;

  it('accepts one audio and one video section, bundled, and the data channel peerjs adds, and says which it has', () => {
    expect(checkMeshCallSdp(call([['0', 'audio'], ['1', 'video']]))).toEqual({ ok: true, value: { audio: true, video: true } });
    expect(checkMeshCallSdp(call([['0', 'audio']]))).toEqual({ ok: true, value: { audio: true, video: false } });
    const withData = call([['0', 'audio'], ['1', 'video'], ['2', 'application']]);
    expect(checkMeshCallSdp(withData.replace('m=application 9 UDP/TLS/RTP/SAVPF 111', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel'))).toEqual({ ok: true, value: { audio: true, video: true } });
    expect(checkMeshCallSdp(withData)).toMatchObject({ ok: false, reason: expect.stringContaining('not an SCTP data channel') });
  });

  it('refuses simulcast, a second section of a kind, other kinds, and anything unbundled', () => {
    expect(checkMeshCallSdp(chromiumOffer)).toMatchObject({ ok: false, reason: expect.stringContaining('not simulcast') });
    expect(checkMeshCallSdp(call([['0', 'audio'], ['1', 'audio']]))).toMatchObject({ ok: false, reason: expect.stringContaining('one audio, one video and one data section') });
    expect(checkMeshCallSdp(call([['0', 'text']]))).toMatchObject({ ok: false, reason: expect.stringContaining('audio, video and a data channel only') });
    expect(checkMeshCallSdp(answer(['0', '1'], ['0']))).toMatchObject({ ok: false, reason: expect.stringContaining('BUNDLE') });
  });
});

describe('asking the other end for an Opus bitrate', () => {
  it('sets maxaveragebitrate on an Opus fmtp line that has other parameters, keeping them', () => {
    const sdp = withOpusParameters(chromiumOffer, { maxaveragebitrate: 64000 });
    expect(sdp).toContain('a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=64000\r\n');
    expect(withOpusParameters(sdp, { maxaveragebitrate: 32000 })).toContain('a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=32000\r\n');
    expect(sdp.split('\r\n')).toHaveLength(chromiumOffer.split('\r\n').length);
  });

  it('adds an fmtp line after the rtpmap of an Opus payload type that has none, and leaves other codecs alone', () => {
    const sdp = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96 0\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n';
    expect(withOpusParameters(sdp, { maxaveragebitrate: 64000, usedtx: 1 })).toBe(
      'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 96 0\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 maxaveragebitrate=64000;usedtx=1\r\na=rtpmap:0 PCMU/8000\r\n',
    );
  });
});
