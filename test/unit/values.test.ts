import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValueName, proseValue, proseValues } from '@/lib/values';

/**
 * Every number the chapters quote through <Value of="...">, pinned: [name, the model's number, the prose text].
 * A change to a model that moves one of these is a change to a sentence a reader sees; this table makes it visible.
 */
const PINNED: [string, number, string][] = [
  ['transport.exampleRttMs', 100, '100 ms'],
  ['transport.freezeMs.oneLoss', 140, '140 ms'],
  ['transport.concealedMs.oneLoss', 20, '20 ms'],
  ['transport.freezeMs.linux', 360, '360 ms'],
  ['transport.freezeMs.rfc6298', 1060, '1,060 ms'],
  ['transport.concealedMs.doubleLoss', 20, '20 ms'],
  ['transport.jitterWindow', 2000, '2 s'],
  ['transport.jitterBufferMaxMs', 200, '200 ms'],
  ['transport.hearIt.loss', 0.05, '5 %'],
  ['voice.headerBytes', 40, '40 bytes'],
  ['voice.headerKbps', 16, '16 kbps'],
  ['voice.wireKbps', 80, '80 kbps'],
  ['voice.packetBytes', 200, '200 bytes'],
  ['voice.encryptedPacketBytes', 220, '220 bytes'],
  ['voice.encryptedWireKbps', 88, '88 kbps'],
  ['voice.wireKBps', 10, '10 kB/s'],
  ['mesh.tenThree.talkerUploadKbps', 720, '720 kbps'],
  ['mesh.tenThree.talkerDownloadKbps', 160, '160 kbps'],
  ['mesh.tenThree.listenerDownloadKbps', 240, '240 kbps'],
  ['mesh.largestOnOldBenchmarkUplink', 38, '38 people'],
  ['mesh.thousandAll.talkerUploadKbps', 79_920, '79,920 kbps'],
  ['mesh.thousandAll.talkerUploadMbps', 79_920, '79.9 Mbps'],
  ['mesh.thousandAll.seedRoundingError', 80 / 79_920, '0.1 %'],
  ['mesh.thousand.connections', 499_500, '499,500'],
  ['sfu.thousandAll.downloadKbps', 79_920, '79,920 kbps'],
  ['fleet2018.bytesPerPacket', 220e9 / 8 / 120e6, '229 bytes'],
  ['fleet2018.egressKbpsPerVoiceUser', 220_000_000 / 2_600_000, '85 kbps'],
  ['fleet2018.egressMbpsPerServer', 220_000_000 / 850, '259 Mbps'],
  ['fleet2018.usersPerServer', 2_600_000 / 850, '3,060'],
  ['fleet2018.usersPerRegion', 200_000, '200,000'],
  ['guild.bigGuild2017.busyMin', 900, '0.9 s'],
  ['guild.bigGuild2017.busyMax', 2100, '2.1 s'],
  ['guild.figure.members', 100_000, '100,000'],
  ['guild.figure.online', 0.3, '30 %'],
  ['guild.figure.onlineSessions', 30_000, '30,000'],
  ['guild.figure.sendUs', 50, '50 µs'],
  ['guild.figure.busy', 1500, '1.5 s'],
  ['guild.figure.manifoldSends', 8, '8'],
  ['simulcast.friendA.layer', 720, '720p'],
  ['simulcast.friendB.layer', 180, '180p'],
  ['simulcast.friendD.link', 1000, '1 Mbps'],
  ['simulcast.friendD.layer', 360, '360p'],
  ['simulcast.upgradeHeadroom', 0.2, '20 %'],
  ['simulcast.keyframeRetry', 500, '500 ms'],
  ['simulcast.animationSpeed', 0.1, '1/10'],
  ['simulcast.topLayerOverVoice', 2500 / 80, '31 times'],
  ['simulcast.room.uploadKbps', 3150, '3,150 kbps'],
  ['simulcast.room.egressKbps', 3300, '3,300 kbps'],
  ['simulcast.topToAll.egressKbps', 12_500, '12,500 kbps'],
  ['simulcast.topToAll.overSimulcast', 12_500 / 3300, '3.8 times'],
  ['simulcast.topToAll.linksTooSlow', 2, '2'],
  ['simulcast.single.kbps', 300, '300 kbps'],
  ['simulcast.single.egressKbps', 1200, '1,200 kbps'],
  ['simulcast.uploadOverSingle', 3150 / 300, '10.5 times'],
  ['cost.inputs.hours', 2, '2 hours'],
  ['cost.inputs.people', 10, '10'],
  ['cost.inputs.listeners', 9, '9'],
  ['cost.inputs.watched', 0.6, '60 %'],
  ['cost.inputs.egressPrice', 0.005, '0.5 cents'],
  ['cost.inputs.serverPrice', 1000, '$1,000'],
  ['cost.modelVoiceEgressKbps', 72, '72 kbps'],
  ['cost.vadSaving', 0.9, '90 %'],
  ['cost.simulcastShareOfTop', 825 / 2500, '33 %'],
  ['cost.noiseCoreShare', 1 / 60, '1.7\u00a0% of one core'],
  ['cost.naive', 1.4033243055555555, '$1.40'],
  ['cost.saved.vad', 0.3338313636363637, '33 cents'],
  ['cost.saved.watchers', 0.4129602272727273, '41 cents'],
  ['cost.saved.simulcast', 0.41502502840909083, '42 cents'],
  ['cost.saved.noise', 0.004055555555555562, '0.4 cents'],
  ['cost.model', 0.2374521306818182, '24 cents'],
  ['cost.savedTotal', 1.4033243055555555 - 0.2374521306818182, '$1.17'],
  ['cost.savedDocumented', 0.3338313636363637 + 0.4129602272727273, '75 cents'],
  ['cost.goLiveAsDocumented', 0.10736965909090908, '11 cents'],
  ['cost.freeUsers', 42, '42'],
  ['cost.freeUsersVoiceOnly', 302, '302'],
  ['cost.minutesForThousand', 36.32311057910596, '36 minutes'],
  ['cost.subscription', 10, '$10'],
  ['voiceservers.assumedNic', 1_000_000, '1 Gbps'],
  ['voiceservers.capacityUsers', 11_818, '11,818'],
  ['voiceservers.portShareUsed', 220_000 / 850 / 1000, '26 %'],
  ['voiceservers.troughShare', 0.25, '25 %'],
  ['voiceservers.tick', 5, '5 min'],
  ['voiceservers.scaleDownWindow', 30, '30 min'],
  ['voiceservers.serverHoursSaved', 1 - 340.6666666666667 / 504, '32 %'],
  ['voiceservers.fixedDropped', 37_233, '37,233'],
  ['voiceservers.autoscaledDropped', 0, '0'],
  ['vad.continuousKbps', 80, '80 kbps'],
  ['vad.dtxIntervalMs', 400, '400 ms'],
  ['vad.dtxPacketsPerSecond', 2.5, '2.5'],
  ['vad.room.people', 50, '50'],
  ['vad.room.talkShare', 0.02, '2 %'],
  ['vad.room.saving', 0.98, '98 %'],
  ['vad.saving.smallest', 0.5, '50 %'],
  ['vad.saving.largest', 0.99, '99 %'],
  ['vad.room.maxPeople', 100, '100'],
  ['noise.addedDelayMs', 20, '20 ms'],
  ['noise.coreShareX86', 1 / 60, '1.7\u00a0% of one core'],
  ['noise.talkShare', 0.1, '10 %'],
  ['noise.cores.talking', 4334, '4,300'],
  ['noise.usdPerYear.talking', 4334 * 0.04 * 8760, '$1.5 million'],
  ['noise.cores.alwaysOn', 43_334, '43,000'],
  ['noise.usdPerYear.alwaysOn', 43_334 * 0.04 * 8760, '$15.2 million'],
  ['noise.alwaysOnOverTalking', 10, '10 times'],
  ['noise.piOverX86', 60 / 7, '8.6 times'],
];

const contentDir = path.resolve(__dirname, '../../content');
const chapterTexts = readdirSync(contentDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(path.join(contentDir, entry.name, 'index.mdx'), 'utf8'));

describe('the prose value registry', () => {
  it.each(PINNED)('gives %s as %s, written "%s"', (name, value, text) => {
    const resolved = proseValue(name);
    expect(resolved.value).toBeCloseTo(value, 9);
    expect(resolved.text).toBe(text);
  });

  it('pins every registered value (a new value gets a row above)', () => {
    expect(PINNED.map(([name]) => name).sort()).toEqual(Object.keys(proseValues).sort());
  });

  it('describes every value', () => {
    for (const [name, entry] of Object.entries(proseValues)) expect(entry.description.length, name).toBeGreaterThan(10);
  });

  it('has every value quoted by some chapter, so none is left behind when a sentence changes', () => {
    const unused = Object.keys(proseValues).filter((name) => !chapterTexts.some((text) => text.includes(`<Value of="${name}"`)));
    expect(unused).toEqual([]);
  });

  it('throws on a name that is not registered, and says where to add it', () => {
    expect(isValueName('transport.freezeMs.bsd')).toBe(false);
    expect(() => proseValue('transport.freezeMs.bsd')).toThrow(/Unknown value "transport.freezeMs.bsd": register it in lib\/values/);
  });

  it('computes each value once', () => {
    expect(proseValue('transport.freezeMs.linux')).toBe(proseValue('transport.freezeMs.linux'));
  });
});
