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
