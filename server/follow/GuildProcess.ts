import { appendEvent, emptyLog, heartbeatExpired, lastSeq, replayAfter, type EventLog } from '@/lib/guild/gateway';
import { applyClassEvent, emptyClassState, type ClassEvent, type ClassState } from '@/lib/classroom/state';
import type { DispatchEvent, DispatchFrame, GuildRef, InvalidReason } from '@/lib/protocol/gateway';
import { Actor, type ExitReason } from './Actor';
import { Supervisor } from './Supervisor';
import { SessionProcess, type FanoutTrace, type SessionLink } from './SessionProcess';
import {
  GATEWAY_HEARTBEAT_INTERVAL_MS,
  GUILD_LOG_CAPACITY,
  MAX_SESSIONS_PER_GUILD,
  RESUME_WINDOW_MS,
  SUPERVISOR_MAX_RESTARTS,
  SUPERVISOR_RESTART_WINDOW_MS,
} from '../limits';

/** Events a guild numbers and fans out (READY and RESUMED are per session, not guild events). */
export type GuildEvent = Exclude<DispatchEvent, { t: 'READY' } | { t: 'RESUMED' }>;

export type GuildMessage =
  | { kind: 'identify'; sessionId: string; link: SessionLink }
  | { kind: 'resume'; sessionId: string; seq: number; link: SessionLink }
  | { kind: 'heartbeat'; sessionId: string; seq: number | null }
  | { kind: 'link-closed'; sessionId: string; link: SessionLink }
  | { kind: 'leave'; sessionId: string }
  /** The session's socket is backed up, or its process could not be kept running: drop the link, keep the session. */
  | { kind: 'drop-link'; sessionId: string }
  | { kind: 'publish'; event: GuildEvent; receivedNs?: bigint }
  | { kind: 'tick' }
  | { kind: 'end' };

/** What the guild remembers about each session: enough to restart its process or resume it. */
interface Member {
  sessionId: string;
  link: SessionLink | null;
  /** The last sequence number the client said it has (its heartbeats carry it). */
  ackedSeq: number;
  lastHeartbeatMs: number;
  detachedAtMs: number | null;
}

export interface GuildOptions {
  ref: GuildRef;
  now?: () => number;
  heartbeatIntervalMs?: number;
  resumeWindowMs?: number;
  logCapacity?: number;
  maxSessions?: number;
  /** Attached sessions changed (someone joined, left, dropped or resumed). */
  onSessions?: (sessions: number) => void;
  /** One fan-out finished: how many sessions it reached and how long from the mailbox to the last socket write. */
  onFanout?: (microseconds: number, sessions: number) => void;
  onCrash?: (sessionId: string, error: unknown, restarted: boolean) => void;
}

/**
 * One guild process per class (and one for the whole site): the single owner of the class's ordered
 * log and state. Every event goes through its mailbox, gets the next sequence number and is sent to
 * each attached session process, one send each, as Discord's guild processes do (lib/guild/fanout.ts
 * models what that costs at Discord's scale). Session processes run under a one-for-one supervisor.
 */
export class GuildProcess extends Actor<GuildMessage> {
  readonly ref: GuildRef;
  private log: EventLog<GuildEvent>;
  private classState: ClassState = emptyClassState;
  private readonly members = new Map<string, Member>();
  private readonly sessions: Supervisor<SessionProcess>;
  private readonly now: () => number;
  private readonly heartbeatIntervalMs: number;
  private readonly resumeWindowMs: number;
  private readonly maxSessions: number;
  private announcedSessions = 0;
  private attachedCount = 0;
  /** Events dispatched and session sends made since the guild started. */
  dispatched = 0;
  sends = 0;

  constructor(private readonly options: GuildOptions) {
    super();
    this.ref = options.ref;
    this.now = options.now ?? Date.now;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? GATEWAY_HEARTBEAT_INTERVAL_MS;
    this.resumeWindowMs = options.resumeWindowMs ?? RESUME_WINDOW_MS;
    this.maxSessions = options.maxSessions ?? MAX_SESSIONS_PER_GUILD;
    this.log = emptyLog(options.logCapacity ?? GUILD_LOG_CAPACITY);
    this.sessions = new Supervisor<SessionProcess>((id) => this.restartSession(id), {
      maxRestarts: SUPERVISOR_MAX_RESTARTS,
      withinMs: SUPERVISOR_RESTART_WINDOW_MS,
      now: this.now,
    });
    this.sessions.on('restart', (id, error) => this.options.onCrash?.(id, error, true));
    this.sessions.on('give-up', (id, error) => {
      this.options.onCrash?.(id, error, false);
      this.send({ kind: 'drop-link', sessionId: id });
    });
  }

  /** The class's state as its events built it (empty for the site guild). */
  get state(): ClassState {
    return this.classState;
  }

  get seq(): number {
    return lastSeq(this.log);
  }

  /** Sessions with a live connection. */
  get attachedSessions(): number {
    return this.attachedCount;
  }

  /** Sessions the guild remembers, attached or waiting to resume. */
  get memberCount(): number {
    return this.members.size;
  }

  hasSession(sessionId: string): boolean {
    return this.members.has(sessionId);
  }

  /** The session process serving `sessionId`, if it runs (for tests and the supervisor). */
  session(sessionId: string): SessionProcess | undefined {
    return this.sessions.get(sessionId);
  }

  protected receive(message: GuildMessage): void {
    switch (message.kind) {
      case 'identify':
        return this.identify(message.sessionId, message.link);
      case 'resume':
        return this.resume(message.sessionId, message.seq, message.link);
      case 'heartbeat': {
        const member = this.members.get(message.sessionId);
        if (!member || !member.link) return;
        member.lastHeartbeatMs = this.now();
        if (message.seq !== null && message.seq <= this.seq) member.ackedSeq = Math.max(member.ackedSeq, message.seq);
        this.sessions.get(member.sessionId)?.send({ kind: 'heartbeat-ack' });
        return;
      }
      case 'link-closed': {
        const member = this.members.get(message.sessionId);
        if (member && member.link === message.link) this.detach(member, false);
        return;
      }
      case 'leave': {
        const member = this.members.get(message.sessionId);
        if (!member) return;
        if (member.link) this.attachedCount -= 1;
        this.members.delete(message.sessionId);
        this.sessions.terminate(message.sessionId);
        this.sessionsChanged();
        return;
      }
      case 'drop-link': {
        const member = this.members.get(message.sessionId);
        if (member) this.detach(member, true);
        return;
      }
      case 'publish':
        return this.publish(message.event, message.receivedNs);
      case 'tick':
        return this.tick();
      case 'end':
        this.publish({ t: 'CLASS_ENDED', d: {} });
        for (const id of this.sessions.ids()) this.sessions.get(id)?.send({ kind: 'drop', notify: false });
        // Sessions write CLASS_ENDED before they see the drop; stopping the guild afterwards stops them.
        queueMicrotask(() => queueMicrotask(() => this.stop()));
        return;
    }
  }

  protected terminate(_reason: ExitReason): void {
    this.sessions.close();
    this.members.clear();
    this.attachedCount = 0;
  }

  private identify(sessionId: string, link: SessionLink): void {
    if (this.members.has(sessionId)) return;
    if (this.members.size >= this.maxSessions) {
      link.send({ type: 'gateway', op: 9, d: { resumable: false, reason: 'full' } });
      return;
    }
    const member: Member = { sessionId, link, ackedSeq: this.seq, lastHeartbeatMs: this.now(), detachedAtMs: null };
    this.members.set(sessionId, member);
    this.attachedCount += 1;
    const session = this.sessions.supervise(sessionId, this.newSession(member));
    session.send({ kind: 'hello', heartbeatIntervalMs: this.heartbeatIntervalMs });
    session.send({ kind: 'catch-up', frames: [this.ready(sessionId)] });
    this.sessionsChanged();
  }

  private resume(sessionId: string, seq: number, link: SessionLink): void {
    const member = this.members.get(sessionId);
    const decision = member ? replayAfter(this.log, seq) : null;
    if (!member || !decision || decision.kind !== 'replay') {
      const reason: InvalidReason = 'expired';
      link.send({ type: 'gateway', op: 9, d: { resumable: false, reason } });
      if (member && decision?.kind === 'too-old') this.forget(member);
      return;
    }
    const previous = member.link;
    if (previous && previous !== link) previous.close(4001, 'session resumed on another connection');
    if (!previous) this.attachedCount += 1;
    member.link = link;
    member.detachedAtMs = null;
    member.ackedSeq = seq;
    member.lastHeartbeatMs = this.now();
    let session = this.sessions.get(sessionId);
    if (!session) session = this.sessions.supervise(sessionId, this.newSession(member));
    else session.send({ kind: 'attach', link, writtenSeq: seq });
    session.send({ kind: 'hello', heartbeatIntervalMs: this.heartbeatIntervalMs });
    const frames = decision.entries.map((entry) => this.frame(entry.s, entry.event));
    frames.push({ type: 'gateway', op: 0, s: this.seq, t: 'RESUMED', d: { replayed: frames.length } });
    session.send({ kind: 'catch-up', frames });
    if (!previous) this.sessionsChanged();
  }

  private publish(event: GuildEvent, receivedNs = process.hrtime.bigint()): void {
    const appended = appendEvent(this.log, event);
    this.log = appended.log;
    if (event.t === 'POSITION' || event.t === 'FIGURE_INPUTS' || event.t === 'CLASS_ROOM') {
      this.classState = applyClassEvent(this.classState, event as ClassEvent);
    }
    const frame = this.frame(appended.entry.s, event);
    this.dispatched += 1;
    const targets = [...this.members.values()].filter((m) => m.link);
    if (targets.length === 0) return;
    const trace: FanoutTrace = {
      startedNs: receivedNs,
      remaining: targets.length,
      sessions: targets.length,
      finish: (us, n) => this.options.onFanout?.(us, n),
    };
    for (const member of targets) {
      // One send per session, in the same order for every event: the guild's order is every session's order.
      this.sessions.get(member.sessionId)?.send({ kind: 'deliver', frame, trace });
      this.sends += 1;
    }
  }

  private tick(): void {
    const now = this.now();
    for (const member of [...this.members.values()]) {
      if (member.link && heartbeatExpired(member.lastHeartbeatMs, now, this.heartbeatIntervalMs)) {
        this.detach(member, true);
      } else if (!member.link && member.detachedAtMs !== null && now - member.detachedAtMs > this.resumeWindowMs) {
        this.forget(member);
      }
    }
    if (this.ref.kind === 'class' && this.attachedCount !== this.announcedSessions) {
      this.announcedSessions = this.attachedCount;
      this.publish({ t: 'MEMBERS', d: { sessions: this.attachedCount } });
    }
  }

  /** The member's connection is gone (closed, zombie, too slow): keep the session resumable for a while. */
  private detach(member: Member, notify: boolean): void {
    const link = member.link;
    if (!link) return;
    member.link = null;
    member.detachedAtMs = this.now();
    this.attachedCount -= 1;
    const session = this.sessions.get(member.sessionId);
    if (session) session.send({ kind: 'drop', notify });
    else if (notify) link.close(4000, 'reconnect and resume');
    this.sessionsChanged();
  }

  private forget(member: Member): void {
    if (member.link) this.attachedCount -= 1;
    this.members.delete(member.sessionId);
    this.sessions.terminate(member.sessionId);
    this.sessionsChanged();
  }

  private newSession(member: Member): SessionProcess {
    // A slow socket is reported from the session's turn; the guild acts on it in its own.
    return new SessionProcess(member.sessionId, member.link, member.ackedSeq, () => this.send({ kind: 'drop-link', sessionId: member.sessionId }));
  }

  /** The supervisor's restart: a new process for the same session, caught up from the guild's log. */
  private restartSession(sessionId: string): SessionProcess {
    const member = this.members.get(sessionId)!;
    const session = this.newSession(member);
    const decision = replayAfter(this.log, member.ackedSeq);
    session.send({
      kind: 'catch-up',
      frames:
        decision.kind === 'replay' ? decision.entries.map((entry) => this.frame(entry.s, entry.event)) : [this.ready(sessionId)],
    });
    return session;
  }

  private ready(sessionId: string): DispatchFrame {
    return {
      type: 'gateway',
      op: 0,
      s: this.seq,
      t: 'READY',
      d: { sessionId, guild: this.ref, state: this.ref.kind === 'class' ? this.classState : null, sessions: this.attachedCount },
    };
  }

  private frame(s: number, event: GuildEvent): DispatchFrame {
    return { type: 'gateway', op: 0, s, ...event } as DispatchFrame;
  }

  private sessionsChanged(): void {
    this.options.onSessions?.(this.attachedCount);
  }
}
