import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/protocol/messages';
import type { DispatchFrame } from '@/lib/protocol/gateway';
import { GuildProcess, type GuildEvent } from '@/server/follow/GuildProcess';
import type { SessionLink } from '@/server/follow/SessionProcess';

/** Lets every queued mailbox run (actors drain on microtasks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function fakeLink(id: string) {
  const sent: ServerMessage[] = [];
  const link = {
    id,
    sent,
    closed: null as null | { code: number; reason: string },
    bufferedBytes: 0,
    failNextSends: 0,
    send(message: ServerMessage) {
      if (link.failNextSends > 0) {
        link.failNextSends -= 1;
        throw new Error('socket write failed');
      }
      sent.push(message);
    },
    close(code: number, reason: string) {
      link.closed = { code, reason };
    },
    dispatches: () => sent.filter((m): m is DispatchFrame => m.type === 'gateway' && m.op === 0),
    ops: () => sent.filter((m) => m.type === 'gateway').map((m) => (m as { op: number }).op),
  };
  return link satisfies SessionLink;
}

function clock(start = 1_000_000) {
  const c = { ms: start, now: () => c.ms };
  return c;
}

const position = (scene: number): GuildEvent => ({ t: 'POSITION', d: { chapter: 'cost', scene, step: 0 } });

function classGuild(options: Partial<ConstructorParameters<typeof GuildProcess>[0]> = {}) {
  return new GuildProcess({ ref: { kind: 'class', code: 'ABC234' }, heartbeatIntervalMs: 1000, resumeWindowMs: 5000, ...options });
}

describe('a guild process and its session processes', () => {
  it('greets an identifying session with Hello (op 10), then READY carrying the class so far', async () => {
    const guild = classGuild();
    guild.send({ kind: 'publish', event: position(3) });
    const a = fakeLink('a');
    guild.send({ kind: 'identify', sessionId: 's-a', link: a });
    await settle();
    expect(a.ops()).toEqual([10, 0]);
    const ready = a.dispatches()[0];
    expect(ready).toMatchObject({ t: 'READY', s: 1, d: { sessionId: 's-a', state: { position: { chapter: 'cost', scene: 3, step: 0 } } } });
    guild.stop();
  });

  it('fans every event out to every attached session, in the guild’s order, numbered 1, 2, 3…', async () => {
    const guild = classGuild();
    const links = ['a', 'b', 'c'].map(fakeLink);
    links.forEach((link, i) => guild.send({ kind: 'identify', sessionId: `s-${i}`, link }));
    for (let scene = 1; scene <= 20; scene += 1) guild.send({ kind: 'publish', event: position(scene) });
    await settle();
    for (const link of links) {
      const events = link.dispatches().filter((f) => f.t === 'POSITION');
      expect(events.map((f) => f.s)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(events.map((f) => (f.t === 'POSITION' ? f.d.scene : -1))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    expect(guild.sends).toBe(60);
    guild.stop();
  });

  it('reports how long one fan-out took and how many sessions it reached', async () => {
    const fanouts: [number, number][] = [];
    const guild = classGuild({ onFanout: (us, n) => fanouts.push([us, n]) });
    ['a', 'b'].forEach((id) => guild.send({ kind: 'identify', sessionId: id, link: fakeLink(id) }));
    guild.send({ kind: 'publish', event: position(1) });
    await settle();
    expect(fanouts).toHaveLength(1);
    expect(fanouts[0][1]).toBe(2);
    expect(fanouts[0][0]).toBeGreaterThan(0);
    guild.stop();
  });

  it('acknowledges each heartbeat (op 11) and drops a session whose heartbeats stop, telling it to reconnect (op 7)', async () => {
    const time = clock();
    const guild = classGuild({ now: time.now });
    const a = fakeLink('a');
    const b = fakeLink('b');
    guild.send({ kind: 'identify', sessionId: 'a', link: a });
    guild.send({ kind: 'identify', sessionId: 'b', link: b });
    await settle();
    time.ms += 1000;
    guild.send({ kind: 'heartbeat', sessionId: 'a', seq: 0 });
    guild.send({ kind: 'heartbeat', sessionId: 'b', seq: 0 });
    await settle();
    expect(a.ops().at(-1)).toBe(11);
    // a keeps beating, b goes silent; 1.5 intervals after b's last beat it is a zombie.
    time.ms += 1000;
    guild.send({ kind: 'heartbeat', sessionId: 'a', seq: 0 });
    time.ms += 501;
    guild.send({ kind: 'tick' });
    await settle();
    expect(b.ops().at(-1)).toBe(7);
    expect(b.closed?.code).toBe(4000);
    expect(a.closed).toBeNull();
    expect(guild.attachedSessions).toBe(1);
    // The dropped session is kept for resuming, then forgotten after the resume window.
    expect(guild.hasSession('b')).toBe(true);
    time.ms += 5001;
    guild.send({ kind: 'heartbeat', sessionId: 'a', seq: 0 });
    guild.send({ kind: 'tick' });
    await settle();
    expect(guild.hasSession('b')).toBe(false);
    guild.stop();
  });

  it('resumes a dropped session from the sequence number it last saw: replays what it missed, then RESUMED', async () => {
    const guild = classGuild();
    const first = fakeLink('first');
    guild.send({ kind: 'identify', sessionId: 'p', link: first });
    guild.send({ kind: 'publish', event: position(1) });
    guild.send({ kind: 'publish', event: position(2) });
    await settle();
    guild.send({ kind: 'link-closed', sessionId: 'p', link: first });
    guild.send({ kind: 'publish', event: position(3) });
    guild.send({ kind: 'publish', event: position(4) });
    await settle();
    expect(first.dispatches().map((f) => f.s)).toEqual([0, 1, 2]);

    const second = fakeLink('second');
    guild.send({ kind: 'resume', sessionId: 'p', seq: 2, link: second });
    guild.send({ kind: 'publish', event: position(5) });
    await settle();
    expect(second.ops()[0]).toBe(10);
    expect(second.dispatches().map((f) => [f.t, f.s])).toEqual([
      ['POSITION', 3],
      ['POSITION', 4],
      ['RESUMED', 4],
      ['POSITION', 5],
    ]);
    guild.stop();
  });

  it('answers Invalid Session (op 9, not resumable) when the log no longer reaches back far enough', async () => {
    const guild = classGuild({ logCapacity: 3 });
    const first = fakeLink('first');
    guild.send({ kind: 'identify', sessionId: 'p', link: first });
    await settle();
    guild.send({ kind: 'link-closed', sessionId: 'p', link: first });
    for (let scene = 1; scene <= 6; scene += 1) guild.send({ kind: 'publish', event: position(scene) });
    const second = fakeLink('second');
    guild.send({ kind: 'resume', sessionId: 'p', seq: 0, link: second });
    await settle();
    expect(second.sent).toEqual([{ type: 'gateway', op: 9, d: { resumable: false, reason: 'expired' } }]);
    expect(guild.hasSession('p')).toBe(false);
    guild.stop();
  });

  it('restarts a crashed session process from the guild’s log without disturbing the others', async () => {
    const crashes: [string, boolean][] = [];
    const guild = classGuild({ onCrash: (id, _e, restarted) => crashes.push([id, restarted]) });
    const healthy = fakeLink('healthy');
    const flaky = fakeLink('flaky');
    guild.send({ kind: 'identify', sessionId: 'healthy', link: healthy });
    guild.send({ kind: 'identify', sessionId: 'flaky', link: flaky });
    guild.send({ kind: 'publish', event: position(1) });
    await settle();
    guild.send({ kind: 'heartbeat', sessionId: 'flaky', seq: 1 });
    await settle();
    const before = guild.session('flaky');

    flaky.failNextSends = 1; // the write of event 2 throws inside the flaky session's process
    guild.send({ kind: 'publish', event: position(2) });
    guild.send({ kind: 'publish', event: position(3) });
    await settle();

    expect(crashes).toEqual([['flaky', true]]);
    expect(guild.session('flaky')).not.toBe(before);
    // The new process replayed from the last sequence the client acknowledged (1): nothing lost, nothing twice.
    expect(flaky.dispatches().map((f) => f.s)).toEqual([0, 1, 2, 3]);
    expect(healthy.dispatches().map((f) => f.s)).toEqual([0, 1, 2, 3]);
    expect(guild.attachedSessions).toBe(2);
    guild.stop();
  });

  it('gives up on a session process that keeps crashing and drops only its link', async () => {
    const crashes: boolean[] = [];
    const guild = classGuild({ onCrash: (_id, _e, restarted) => crashes.push(restarted) });
    const healthy = fakeLink('healthy');
    const broken = fakeLink('broken');
    guild.send({ kind: 'identify', sessionId: 'healthy', link: healthy });
    guild.send({ kind: 'identify', sessionId: 'broken', link: broken });
    await settle();
    broken.failNextSends = 100;
    guild.send({ kind: 'publish', event: position(1) });
    await settle();
    expect(crashes).toEqual([true, true, true, false]);
    expect(broken.closed?.code).toBe(4000);
    expect(guild.attachedSessions).toBe(1);
    guild.send({ kind: 'publish', event: position(2) });
    await settle();
    expect(healthy.dispatches().map((f) => f.s)).toEqual([0, 1, 2]);
    guild.stop();
  });

  it('ends a class: every session gets CLASS_ENDED after everything before it, then the guild stops', async () => {
    const guild = classGuild();
    const a = fakeLink('a');
    guild.send({ kind: 'identify', sessionId: 'a', link: a });
    guild.send({ kind: 'publish', event: position(1) });
    guild.send({ kind: 'end' });
    await settle();
    expect(a.dispatches().map((f) => f.t)).toEqual(['READY', 'POSITION', 'CLASS_ENDED']);
    expect(guild.alive).toBe(false);
    expect(guild.send({ kind: 'publish', event: position(2) })).toBe(false);
  });

  it('refuses a session past its limit with Invalid Session "full"', async () => {
    const guild = classGuild({ maxSessions: 1 });
    guild.send({ kind: 'identify', sessionId: 'a', link: fakeLink('a') });
    const b = fakeLink('b');
    guild.send({ kind: 'identify', sessionId: 'b', link: b });
    await settle();
    expect(b.sent).toEqual([{ type: 'gateway', op: 9, d: { resumable: false, reason: 'full' } }]);
    guild.stop();
  });

  it('announces the number of attached sessions to the class (MEMBERS) on the next tick after it changes', async () => {
    const guild = classGuild();
    const a = fakeLink('a');
    guild.send({ kind: 'identify', sessionId: 'a', link: a });
    guild.send({ kind: 'identify', sessionId: 'b', link: fakeLink('b') });
    guild.send({ kind: 'tick' });
    guild.send({ kind: 'tick' });
    await settle();
    expect(a.dispatches().filter((f) => f.t === 'MEMBERS').map((f) => f.d)).toEqual([{ sessions: 2 }]);
    guild.stop();
  });
});
