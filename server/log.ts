/** A small structured logger: one line per event, quiet under test unless LOG_LEVEL asks. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const levels = { silent: 0, error: 1, warn: 2, info: 3 } as const;
type Level = keyof typeof levels;

export function createLogger(level: Level = (process.env.LOG_LEVEL as Level) ?? 'info'): Logger {
  const threshold = levels[level] ?? levels.info;
  const write = (at: Exclude<Level, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (levels[at] > threshold) return;
    const line = fields ? `${message} ${JSON.stringify(fields)}` : message;
    (at === 'info' ? console.log : console.error)(`[${at}] ${line}`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface RateLimitOptions {
  /** Lines of one kind (one message text) written per window; the rest are counted. */
  linesPerKind: number;
  windowMs: number;
  now?: () => number;
}

/**
 * A logger that writes at most `linesPerKind` lines of each kind (message text) per window, and, the
 * next time that kind comes up after its window, one line saying how many it left out. One client's
 * flood of bad messages then costs the log a few lines a minute, not thousands a second.
 */
export function rateLimited(base: Logger, { linesPerKind, windowMs, now = Date.now }: RateLimitOptions): Logger {
  const kinds = new Map<string, { startMs: number; written: number; suppressed: number }>();
  const limit = (at: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    const t = now();
    let kind = kinds.get(message);
    if (!kind || t - kind.startMs >= windowMs) {
      if (kind && kind.suppressed > 0) {
        base[at](`${message}: ${kind.suppressed} more like this were left out of the log`, { windowMs });
      }
      kind = { startMs: t, written: 0, suppressed: 0 };
      kinds.set(message, kind);
    }
    if (kind.written < linesPerKind) {
      kind.written += 1;
      base[at](message, fields);
    } else {
      kind.suppressed += 1;
    }
  };
  return { info: limit('info'), warn: limit('warn'), error: limit('error') };
}
