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
      .regex(
        /^(file:|postgres(ql)?:\/\/)/i,
        'DATABASE_URL must be a SQLite file URL such as file:./data/tandem.db, or a PostgreSQL URL such as postgresql://user:password@host:5432/tandem',
      )
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
    // Single sign-on with the district's OpenID provider (Google Workspace, Microsoft Entra ID...).
    OIDC_ISSUER: unsetIfEmpty(
      z.url({ protocol: /^https?$/, error: 'OIDC_ISSUER must be the URL of the OpenID provider, such as https://accounts.google.com' }),
    ),
    OIDC_CLIENT_ID: unsetIfEmpty(z.string().trim().min(1)),
    OIDC_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
    OIDC_EMAIL_DOMAINS: unsetIfEmpty(z.string()),
    OIDC_NEW_USERS: unsetIfEmpty(z.enum(['off', 'teacher'], { error: 'OIDC_NEW_USERS is off (the default) or teacher' })),
    PASSWORD_SIGN_IN: unsetIfEmpty(z.enum(['on', 'off'], { error: 'PASSWORD_SIGN_IN is on (the default) or off' })),
    // Where `npm run db:backup` writes backups; default: a backups folder next to the database.
    BACKUP_DIR: unsetIfEmpty(z.string()),
    // Backups taken by the app itself every N hours, keeping the newest BACKUP_KEEP; unset: none.
    BACKUP_EVERY_HOURS: unsetIfEmpty(
      z.coerce
        .number()
        .int()
        .min(1, { error: 'BACKUP_EVERY_HOURS is a number of hours from 1 to 168' })
        .max(24 * 7, { error: 'BACKUP_EVERY_HOURS is a number of hours from 1 to 168' }),
    ),
    JOB_LEASE_SECONDS: z.coerce
      .number()
      .int()
      .min(5, { error: 'JOB_LEASE_SECONDS is a number of seconds from 5 to 600' })
      .max(600, { error: 'JOB_LEASE_SECONDS is a number of seconds from 5 to 600' })
      .default(30),
    BACKUP_KEEP: z.coerce.number().int().min(1, { error: 'BACKUP_KEEP is how many backups to keep, at least 1' }).default(14),
    AUDIT_VIEW_DELAY_MS: unsetIfEmpty(
      z.coerce
        .number()
        .int()
        .min(0, { error: 'AUDIT_VIEW_DELAY_MS is a number of milliseconds from 0 (each view written in its request) to 5000' })
        .max(5000, { error: 'AUDIT_VIEW_DELAY_MS is a number of milliseconds from 0 (each view written in its request) to 5000' }),
    ),
  })
  .superRefine((env, ctx) => {
    checkSingleSignOn(env, ctx);
    if (!env.TIME_ZONE && serverTimeZone() === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['TIME_ZONE'],
        message: `TIME_ZONE is needed: this server's clock (TZ="${process.env.TZ ?? ''}") is not UTC and names no time zone, so Tandem cannot tell which day it is; set TIME_ZONE to the district's zone, such as America/New_York`,
      });
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET is required in production: set it to a long random value (for example `openssl rand -hex 32`)',
      });
    }
    if (env.BACKUP_EVERY_HOURS && /^postgres/i.test(env.DATABASE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BACKUP_EVERY_HOURS'],
        message:
          'BACKUP_EVERY_HOURS is for the SQLite database: back up PostgreSQL with its own tools (pg_dump), as the README\'s "When one machine is not enough" says',
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
  /** Single sign-on with the district's OpenID provider; null when it is not set up. */
  oidc: OidcConfig | null;
  /** False when the district signs in with single sign-on only. */
  passwordSignIn: boolean;
  /** Where backups go (BACKUP_DIR); null: a backups folder next to the database. */
  backupDir: string | null;
  /** Backups taken by the app itself: every so many hours, keeping the newest `keep`; null: none. */
  scheduledBackups: { everyHours: number; keep: number } | null;
  /** How long a background job stays claimed by a process that stops renewing it (it died). */
  jobLeaseMs: number;
  /**
   * How long the audit rows of views may wait to be written together (src/features/audit/view-log.ts);
   * 0: each in its request. 250 ms unless set; 0 in tests, which read the trail right after a view.
   */
  auditViewDelayMs: number;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The email domains it serves, lowercased: district.org, students.district.org. */
  emailDomains: string[];
  /** Whether a verified email in a served domain with no account gets one (as a teacher with no students). */
  newUsers: 'off' | 'teacher';
  /** Where the provider sends people back: PUBLIC_URL/sign-in/sso/callback. */
  redirectUri: string;
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
    // A name as Intl spells it (america/new_york is America/New_York); checked above.
    timeZone: e.TIME_ZONE ? new Intl.DateTimeFormat('en-US', { timeZone: e.TIME_ZONE }).resolvedOptions().timeZone : serverTimeZone()!,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET && e.OIDC_EMAIL_DOMAINS
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            emailDomains: emailDomains(e.OIDC_EMAIL_DOMAINS),
            newUsers: e.OIDC_NEW_USERS ?? 'off',
            redirectUri: `${publicUrl.replace(/\/+$/, '')}/sign-in/sso/callback`,
          }
        : null,
    passwordSignIn: e.PASSWORD_SIGN_IN !== 'off',
    backupDir: e.BACKUP_DIR ?? null,
    scheduledBackups: e.BACKUP_EVERY_HOURS ? { everyHours: e.BACKUP_EVERY_HOURS, keep: e.BACKUP_KEEP } : null,
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    auditViewDelayMs: e.AUDIT_VIEW_DELAY_MS ?? (e.NODE_ENV === 'test' ? 0 : 250),
  };
}

/** An empty variable (`OIDC_ISSUER=`) counts as not set. */
function unsetIfEmpty<T extends z.ZodType>(inner: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), inner.optional());
}

function emailDomains(list: string): string[] {
  return list
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

type SingleSignOnEnv = {
  NODE_ENV: string;
  PUBLIC_URL?: string;
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_EMAIL_DOMAINS?: string;
  OIDC_NEW_USERS?: string;
  PASSWORD_SIGN_IN?: string;
};

/** Single sign-on is all set or all unset, and password sign-in is turned off only when it is set. */
function checkSingleSignOn(env: SingleSignOnEnv, ctx: z.RefinementCtx): void {
  const issue = (path: keyof SingleSignOnEnv, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!env.OIDC_ISSUER) {
    const set = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_EMAIL_DOMAINS', 'OIDC_NEW_USERS'] as const).filter(
      (k) => env[k] && env[k] !== 'off',
    );
    if (set.length) issue('OIDC_ISSUER', `OIDC_ISSUER is needed for single sign-on (${set.join(', ')} set without it)`);
    if (env.PASSWORD_SIGN_IN === 'off') {
      issue(
        'PASSWORD_SIGN_IN',
        'PASSWORD_SIGN_IN=off needs single sign-on set up first (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_EMAIL_DOMAINS), or nobody could sign in',
      );
    }
    return;
  }
  // Zod runs this check even when OIDC_ISSUER itself was refused above.
  const issuer = URL.canParse(env.OIDC_ISSUER) ? new URL(env.OIDC_ISSUER) : null;
  const localTest = issuer?.protocol === 'http:' && LOOPBACK.has(issuer.hostname) && env.NODE_ENV !== 'production';
  if (issuer && issuer.protocol !== 'https:' && !localTest) {
    issue('OIDC_ISSUER', 'OIDC_ISSUER must start with https:// (plain http only for a test provider on this machine, never in production)');
  }
  if (!env.OIDC_CLIENT_ID) issue('OIDC_CLIENT_ID', 'OIDC_CLIENT_ID is needed for single sign-on: the client id the provider gave Tandem');
  if (!env.OIDC_CLIENT_SECRET) {
    issue('OIDC_CLIENT_SECRET', 'OIDC_CLIENT_SECRET is needed for single sign-on: the client secret the provider gave Tandem');
  }
  const domains = emailDomains(env.OIDC_EMAIL_DOMAINS ?? '');
  if (!domains.length) {
    issue('OIDC_EMAIL_DOMAINS', 'OIDC_EMAIL_DOMAINS is needed for single sign-on: the email domains it serves, such as district.org');
  }
  for (const domain of domains.filter((d) => !DOMAIN.test(d))) {
    issue('OIDC_EMAIL_DOMAINS', `OIDC_EMAIL_DOMAINS is a comma-separated list of email domains such as district.org, not "${domain}"`);
  }
  if (env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
    issue('PUBLIC_URL', 'PUBLIC_URL is needed for single sign-on: the provider sends people back to PUBLIC_URL/sign-in/sso/callback');
  }
}

/**
 * The server's own zone by its name, for when TIME_ZONE is not set; null when it has none that
 * dates can be worked out in. A TZ that names no zone Intl knows (TZ=Mars, TZ=JST-9, a file path)
 * leaves Intl with no name, or "Etc/Unknown": if the clock then keeps UTC all year, say UTC, as
 * the clock does; if not (JST-9 is nine hours ahead), no name would be right, so the start is
 * refused and TIME_ZONE asked for.
 */
function serverTimeZone(): string | null {
  const zone = new Intl.DateTimeFormat('en-US').resolvedOptions().timeZone as string | undefined;
  if (zone && zone !== 'Etc/Unknown') return zone;
  const offsets = [0, 6].map((month) => new Date(Date.UTC(new Date().getUTCFullYear(), month, 1)).getTimezoneOffset());
  return offsets.every((offset) => offset === 0) ? 'UTC' : null;
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
