import { randomBytes, randomInt } from 'node:crypto';
import { CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH, type GuildRef, type InvalidReason, type SiteStats } from '@/lib/protocol/gateway';
import type { ClassState } from '@/lib/classroom/state';
import type { ErrorCode, ServerMessage } from '@/lib/protocol/messages';
import type { Logger } from '../log';
import { GuildProcess, type GuildEvent } from './GuildProcess';
import {
  ENDED_CODES_REMEMBERED,
  FOLLOW_TICK_MS,
  INSTRUCTOR_ABSENT_MS,
  MAX_CLASSES,
  SITE_STATS_INTERVAL_MS,
  SITE_WAVES_PER_SECOND,
  CLASS_EVENTS_PER_SECOND,
} from '../limits';

/** The instructor's connection, as the service sees it. */
export interface InstructorLink {
  readonly id: string;
  send(message: ServerMessage): void;
}

interface ClassRecord {
  code: string;
  token: string;
  guild: GuildProcess;
  instructor: InstructorLink | null;
  instructorGoneAtMs: number | null;
  /** Events published in the current second, against CLASS_EVENTS_PER_SECOND. */
  window: { second: number; count: number };
}

export class FollowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface FollowServiceOptions {
  log: Logger;
  now?: () => number;
  /** Run the tick (heartbeat checks, expiries, site stats) on a timer; tests call tick() themselves. */
  timers?: boolean;
  maxClasses?: number;
  /** Passed to every guild (tests shorten intervals). */
  guild?: { heartbeatIntervalMs?: number; resumeWindowMs?: number; logCapacity?: number; maxSessions?: number };
}

/**
 * Every guild on this server: one per class, keyed by its code, and the site's own guild that readers
 * of the gateway chapter join. It hands out codes and instructor tokens, ends classes, remembers ended
 * codes for a while, and keeps the live numbers the gateway chapter shows.
 */
export class FollowService {
  private readonly classes = new Map<string, ClassRecord>();
  private readonly endedCodes = new Set<string>();
  private siteGuild: GuildProcess;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | null;
  private lastStatsMs = 0;
  private totals = { dispatched: 0, sends: 0, atMs: 0 };
  private rates = { eventsPerSecond: 0, sendsPerSecond: 0 };
  private lastFanout: SiteStats['lastFanout'] = null;
  private wavesThisSecond = { second: -1, count: 0 };
  private closed = false;

  constructor(private readonly options: FollowServiceOptions) {
    this.now = options.now ?? Date.now;
    this.siteGuild = this.newGuild({ kind: 'site' });
    this.totals.atMs = this.now();
    this.timer = options.timers === false ? null : setInterval(() => this.tick(), FOLLOW_TICK_MS);
    this.timer?.unref();
  }

  /** The site's own guild; if its process ever crashed, a new one takes its place. */
  get site(): GuildProcess {
    if (!this.siteGuild.alive && !this.closed) this.siteGuild = this.newGuild({ kind: 'site' });
    return this.siteGuild;
  }

  /** Starts a class with a fresh code; the link becomes its instructor. */
  startClass(instructor: InstructorLink): { code: string; token: string } {
    if (this.classes.size >= (this.options.maxClasses ?? MAX_CLASSES)) {
      throw new FollowError('too-many-classes', 'This server runs as many classes as it can; end one first.');
    }
    let code = this.newCode();
    while (this.classes.has(code) || this.endedCodes.has(code)) code = this.newCode();
    const token = randomBytes(16).toString('base64url');
    const record: ClassRecord = {
      code,
      token,
      instructor,
      instructorGoneAtMs: null,
      window: { second: -1, count: 0 },
      guild: this.newGuild({ kind: 'class', code }),
    };
    record.guild.once('exit', () => this.forgetClass(code));
    this.classes.set(code, record);
    this.options.log.info('class started', { code });
    return { code, token };
  }

  /** The instructor's page reloaded: the token proves it is them. */
  attachInstructor(code: string, token: string, instructor: InstructorLink): ClassRecord {
    const record = this.requireClass(code);
    if (record.token !== token) throw new FollowError('bad-token', 'That is not the token this class was started with.');
    record.instructor = instructor;
    record.instructorGoneAtMs = null;
    return record;
  }

  /** The instructor's connection closed; the class goes on, and ends by itself if they do not come back. */
  detachInstructor(code: string, instructor: InstructorLink): void {
    const record = this.classes.get(code);
    if (!record || record.instructor !== instructor) return;
    record.instructor = null;
    record.instructorGoneAtMs = this.now();
  }

  classInfo(code: string): { code: string; sessions: number; state: ClassState } {
    const record = this.requireClass(code);
    return { code, sessions: record.guild.attachedSessions, state: record.guild.state };
  }

  /** The state of a code, for the follow page and GET /api/classes/<code>. */
  status(code: string): 'live' | 'ended' | 'unknown' {
    return this.classes.has(code) ? 'live' : this.endedCodes.has(code) ? 'ended' : 'unknown';
  }

  publish(code: string, instructor: InstructorLink, event: GuildEvent): void {
    const record = this.requireClass(code);
    if (record.instructor !== instructor) throw new FollowError('bad-token', 'Only the class’s instructor can move it.');
    // Every event is multiplied by the class's size on the way out, so an instructor's rate is bounded here.
    const second = Math.floor(this.now() / 1000);
    if (record.window.second !== second) record.window = { second, count: 0 };
    if (record.window.count >= CLASS_EVENTS_PER_SECOND) {
      throw new FollowError('rate-limited', `A class takes at most ${CLASS_EVENTS_PER_SECOND} events a second.`);
    }
    record.window.count += 1;
    record.guild.send({ kind: 'publish', event, receivedNs: process.hrtime.bigint() });
  }

  endClass(code: string): void {
    const record = this.classes.get(code);
    if (!record) return;
    record.instructor?.send({ type: 'class-ended', code });
    record.guild.send({ kind: 'end' });
    this.forgetClass(code);
    this.options.log.info('class ended', { code });
  }

  /** The guild a session identifies into, or why it cannot. */
  guildFor(ref: GuildRef): GuildProcess | InvalidReason {
    if (ref.kind === 'site') return this.site;
    const record = this.classes.get(ref.code);
    if (record) return record.guild;
    return this.endedCodes.has(ref.code) ? 'ended' : 'unknown-code';
  }

  /** The guild that holds a session (attached or waiting to resume), for Resume. */
  findSession(sessionId: string): GuildProcess | null {
    for (const guild of [this.site, ...[...this.classes.values()].map((r) => r.guild)]) {
      if (guild.hasSession(sessionId)) return guild;
    }
    return null;
  }

  /** A reader waves to the site guild (rate-limited per connection by the caller, and here in all). */
  wave(from: string): void {
    const second = Math.floor(this.now() / 1000);
    if (this.wavesThisSecond.second !== second) this.wavesThisSecond = { second, count: 0 };
    if (this.wavesThisSecond.count >= SITE_WAVES_PER_SECOND) throw new FollowError('wave-limit', 'Lots of people are waving right now; try again in a second.');
    this.wavesThisSecond.count += 1;
    this.site.send({ kind: 'publish', event: { t: 'WAVE', d: { from } } });
  }

  /** Heartbeat checks, expiries and the site's live numbers; runs every FOLLOW_TICK_MS. */
  tick(): void {
    const now = this.now();
    for (const record of [...this.classes.values()]) {
      if (record.instructorGoneAtMs !== null && now - record.instructorGoneAtMs > INSTRUCTOR_ABSENT_MS) this.endClass(record.code);
      else record.guild.send({ kind: 'tick' });
    }
    this.site.send({ kind: 'tick' });
    const guilds = [this.site, ...[...this.classes.values()].map((r) => r.guild)];
    const dispatched = guilds.reduce((n, g) => n + g.dispatched, 0) + this.retired.dispatched;
    const sends = guilds.reduce((n, g) => n + g.sends, 0) + this.retired.sends;
    const seconds = Math.max(0.001, (now - this.totals.atMs) / 1000);
    this.rates = { eventsPerSecond: (dispatched - this.totals.dispatched) / seconds, sendsPerSecond: (sends - this.totals.sends) / seconds };
    this.totals = { dispatched, sends, atMs: now };
    if (now - this.lastStatsMs >= SITE_STATS_INTERVAL_MS && this.site.attachedSessions > 0) {
      this.lastStatsMs = now;
      this.site.send({ kind: 'publish', event: { t: 'SITE_STATS', d: this.stats() } });
    }
  }

  stats(): SiteStats {
    const guilds = [
      { kind: 'site' as const, sessions: this.site.attachedSessions },
      ...[...this.classes.values()].map((r) => ({ kind: 'class' as const, sessions: r.guild.attachedSessions })),
    ];
    return {
      guilds,
      sessions: guilds.reduce((n, g) => n + g.sessions, 0),
      eventsPerSecond: Math.round(this.rates.eventsPerSecond * 10) / 10,
      sendsPerSecond: Math.round(this.rates.sendsPerSecond * 10) / 10,
      lastFanout: this.lastFanout,
    };
  }

  /** Idempotent: ends every class and stops every guild. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const record of [...this.classes.values()]) record.guild.stop();
    this.classes.clear();
    this.siteGuild.stop();
  }

  /** Counters of guilds that have ended, so the server's totals do not drop when a class ends. */
  private retired = { dispatched: 0, sends: 0 };

  private forgetClass(code: string): void {
    const record = this.classes.get(code);
    if (!record) return;
    this.classes.delete(code);
    this.retired.dispatched += record.guild.dispatched;
    this.retired.sends += record.guild.sends;
    this.endedCodes.add(code);
    if (this.endedCodes.size > ENDED_CODES_REMEMBERED) this.endedCodes.delete(this.endedCodes.values().next().value!);
  }

  private requireClass(code: string): ClassRecord {
    const record = this.classes.get(code);
    if (record) return record;
    if (this.endedCodes.has(code)) throw new FollowError('class-ended', `Class ${code} has ended.`);
    throw new FollowError('unknown-class', `There is no class with the code ${code}.`);
  }

  private newGuild(ref: GuildRef): GuildProcess {
    const guild = new GuildProcess({
      ref,
      now: this.now,
      ...this.options.guild,
      onSessions: (sessions) => {
        if (ref.kind !== 'class') return;
        const record = this.classes.get(ref.code);
        record?.instructor?.send({ type: 'class-status', code: ref.code, sessions });
      },
      onFanout: (microseconds, sessions) => {
        this.lastFanout = { measuredUs: Math.round(microseconds), sessions };
      },
      onCrash: (sessionId, error, restarted) =>
        this.options.log.warn(restarted ? 'session process crashed; restarted' : 'session process crashed too often; dropped its link', {
          guild: ref.kind === 'class' ? ref.code : 'site',
          session: sessionId,
          error: String(error),
        }),
    });
    guild.once('exit', (reason) => {
      if (reason.kind === 'crash') this.options.log.error('guild process crashed', { guild: ref.kind === 'class' ? ref.code : 'site', error: String(reason.error) });
    });
    return guild;
  }

  private newCode(): string {
    let code = '';
    for (let i = 0; i < CLASS_CODE_LENGTH; i += 1) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
    return code;
  }
}
