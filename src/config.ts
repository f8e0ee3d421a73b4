// Configuration, read from the environment and checked once at start.
import { z } from 'zod';

const DEV_SECRET = 'tandem-development-secret-not-for-production-use';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^file:/, 'DATABASE_URL must be a SQLite file URL such as file:./data/tandem.db')
      .default('file:./data/tandem.db'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    PUBLIC_URL: z.url().optional(),
    TRUST_PROXY: z.string().optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24)
      .default(12),
    DEMO_DATA: z.enum(['true', 'false']).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    EVALUATION_TIMELINE: z
      .string()
      .regex(/^(calendar|school):\d{1,3}$/, 'EVALUATION_TIMELINE is calendar:N or school:N, e.g. calendar:60 or school:45')
      .default('calendar:60'),
    TIME_ZONE: z
      .string()
      .refine(isTimeZone, {
        error: (issue) => `TIME_ZONE must be an IANA time zone name such as America/New_York, not "${String(issue.input)}"`,
      })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET is required in production: set it to a long random value (for example `openssl rand -hex 32`)',
      });
    }
    if (env.NODE_ENV === 'production' && env.DEMO_DATA === 'true') {
      ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demo data and demo accounts are never loaded in production' });
    }
  });

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string;
  sessionSecret: string;
  publicUrl: string;
  /** True when users reach us over HTTPS: cookies get Secure and the __Host- prefix, HSTS is sent. */
  https: boolean;
  trustProxy: boolean | number | string;
  sessionIdleMs: number;
  sessionMaxMs: number;
  demoData: boolean;
  logLevel: string;
  /** How an evaluation's due date is counted from consent: calendar days or school days (Mon-Fri). */
  evaluationTimeline: { kind: 'calendar' | 'school'; days: number };
  /** The district's IANA time zone: which calendar day "today" is. */
  timeZone: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Tandem cannot start, the configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    env: e.NODE_ENV,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    publicUrl,
    https: publicUrl.startsWith('https://'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    demoData: e.DEMO_DATA ? e.DEMO_DATA === 'true' : e.NODE_ENV === 'development',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    evaluationTimeline: {
      kind: e.EVALUATION_TIMELINE.startsWith('school') ? 'school' : 'calendar',
      days: Number(e.EVALUATION_TIMELINE.split(':')[1]),
    },
    timeZone: new Intl.DateTimeFormat('en-US', { timeZone: e.TIME_ZONE }).resolvedOptions().timeZone,
  };
}

/** A zone name Intl knows (America/New_York, Europe/London, UTC); offsets such as +05:00 are not names. */
function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // e.g. "loopback" or a list of addresses, as Express understands them
}
