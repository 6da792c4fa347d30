import { useSyncExternalStore } from 'react';
import { parseServerMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { SlidePosition } from '@/lib/classroom/state';
import { figureInstanceKey, type FigureInputs, type FigureInstance } from '@/lib/figures/instance';
import { gatewaySocketUrl, reconnectDelayMs } from './socketUrl';

/**
 * The instructor's side of a class: starts it, keeps it across page loads (the token waits in
 * sessionStorage, so a reload reattaches), publishes the presentation's position and figure inputs, and
 * ends it. One per tab, kept across the presentation's chapter pages.
 */

export interface ClassControllerState {
  phase: 'idle' | 'starting' | 'live' | 'reconnecting' | 'ended';
  code: string | null;
  sessions: number;
  roomId: string | null;
  error: string | null;
}

const STORAGE_KEY = 'episode-class';
/** Slider drags are sent at most this often per figure; the last value always goes out. */
const INPUTS_INTERVAL_MS = 100;

export class ClassController {
  private ws: WebSocket | null = null;
  private token: string | null = null;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(state: ClassControllerState) => void>();
  private readonly pendingInputs = new Map<string, { instance: FigureInstance; inputs: FigureInputs; timer: ReturnType<typeof setTimeout> | null; sentAt: number }>();
  private onLive: (() => void) | null = null;
  state: ClassControllerState = { phase: 'idle', code: null, sessions: 0, roomId: null, error: null };

  /** Reattaches to the class this tab started before a reload, if any. */
  restore(): void {
    if (this.state.phase !== 'idle') return;
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { code: string; token: string } | null;
      if (saved?.code && saved.token) {
        this.token = saved.token;
        this.update({ phase: 'reconnecting', code: saved.code });
        this.connect();
      }
    } catch {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  }

  /** Called whenever the class is (again) live, so the page can send where it is. */
  whenLive(callback: () => void): void {
    this.onLive = callback;
  }

  start(): void {
    if (this.state.phase === 'live' || this.state.phase === 'starting') return;
    this.token = null;
    this.update({ phase: 'starting', code: null, sessions: 0, roomId: null, error: null });
    this.connect();
  }

  end(): void {
    this.sendRaw({ type: 'class-end' });
    this.forget();
    this.update({ phase: 'ended' });
  }

  position(position: SlidePosition): void {
    this.sendRaw({ type: 'class-event', event: { t: 'POSITION', d: position } });
  }

  room(roomId: string | null): void {
    this.update({ roomId });
    this.sendRaw({ type: 'class-event', event: { t: 'CLASS_ROOM', d: { roomId } } });
  }

  /** Throttled per figure instance; the trailing value is always sent. */
  inputs(instance: FigureInstance, inputs: FigureInputs): void {
    const key = figureInstanceKey(instance);
    const now = performance.now();
    const entry = this.pendingInputs.get(key) ?? { instance, inputs, timer: null, sentAt: -Infinity };
    entry.inputs = inputs;
    this.pendingInputs.set(key, entry);
    if (entry.timer) return;
    const wait = Math.max(0, entry.sentAt + INPUTS_INTERVAL_MS - now);
    const flush = () => {
      entry.timer = null;
      entry.sentAt = performance.now();
      this.sendRaw({ type: 'class-event', event: { t: 'FIGURE_INPUTS', d: { instance: entry.instance, inputs: entry.inputs } } });
    };
    if (wait === 0) flush();
    else entry.timer = setTimeout(flush, wait);
  }

  subscribe(listener: (state: ClassControllerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get live(): boolean {
    return this.state.phase === 'live';
  }

  private connect(): void {
    const ws = new WebSocket(gatewaySocketUrl());
    this.ws = ws;
    ws.onopen = () => {
      if (this.token && this.state.code) ws.send(JSON.stringify({ type: 'class-attach', code: this.state.code, token: this.token }));
      else ws.send(JSON.stringify({ type: 'class-start' }));
    };
    ws.onmessage = (event) => {
      const message = parseServerMessage(String(event.data));
      if (message) this.receive(message);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.state.phase !== 'live' && this.state.phase !== 'reconnecting') return;
      this.update({ phase: 'reconnecting' });
      this.reconnectTimer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempts++, Math.random()));
    };
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'class-started':
        this.token = message.token;
        this.attempts = 0;
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ code: message.code, token: message.token }));
        this.update({ phase: 'live', code: message.code, sessions: message.sessions, roomId: message.state.roomId, error: null });
        this.onLive?.();
        return;
      case 'class-status':
        this.update({ sessions: message.sessions });
        return;
      case 'class-ended':
        this.forget();
        this.update({ phase: 'ended' });
        return;
      case 'error':
        if (message.code === 'unknown-class' || message.code === 'class-ended' || message.code === 'bad-token') {
          this.forget();
          this.update({ phase: 'ended', error: message.message });
        } else if (message.code === 'too-many-classes') {
          this.forget();
          this.update({ phase: 'idle', error: message.message });
        }
        return;
      default:
        return;
    }
  }

  private sendRaw(message: object): void {
    if (this.ws?.readyState === WebSocket.OPEN && this.state.phase === 'live') this.ws.send(JSON.stringify(message));
  }

  private forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.token = null;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const entry of this.pendingInputs.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pendingInputs.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  private update(patch: Partial<ClassControllerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}

let shared: ClassController | null = null;

/** The tab's one class controller (kept across the presentation's page changes). */
export function classController(): ClassController {
  shared ??= new ClassController();
  return shared;
}

/** The class controller's state, re-rendering when it changes. */
export function useClassState(): ClassControllerState {
  const controller = classController();
  return useSyncExternalStore(
    (callback) => controller.subscribe(callback),
    () => controller.state,
    () => controller.state,
  );
}
