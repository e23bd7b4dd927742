import type { TextSink } from '../cli/cli-context.js';

/** pino's level numbers, for the primary's own lines and for anyone comparing levels without loading pino. */
export const LEVELS = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

export type PrimaryLogLevel = keyof typeof LEVELS;

/** The primary's log: JSON lines shaped like the workers' (pino's `level`, `time`, `pid`, `msg`). */
export interface PrimaryLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createPrimaryLog(options: {
  sink: TextSink;
  level: PrimaryLogLevel;
  pid: number;
  now(): number;
}): PrimaryLog {
  const threshold = LEVELS[options.level];
  const write = (level: number, message: string, fields: Record<string, unknown> = {}) => {
    if (level < threshold) return;
    options.sink.write(
      `${JSON.stringify({ level, time: options.now(), pid: options.pid, role: 'primary', ...fields, msg: message })}\n`,
    );
  };
  return {
    info: (message, fields) => write(LEVELS.info, message, fields),
    warn: (message, fields) => write(LEVELS.warn, message, fields),
    error: (message, fields) => write(LEVELS.error, message, fields),
  };
}
