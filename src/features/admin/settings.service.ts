// Settings an admin makes for the whole district: one row, made on first save.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reads } from '../../db/reads.js';
import type { Attendance } from '../../generated/prisma/enums.js';
import type { Caller } from '../../access/loaders.js';
import { authorize } from '../../access/loaders.js';
import { choices } from '../../labels.js';
import { checkboxes } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';

const SETTINGS_ID = 1;

export type DistrictSettings = {
  requireSecondFactor: boolean;
  /** Sessions still unsigned (or not co-signed) this many days after their date are flagged. */
  unsignedFlagDays: number;
  /** How many days after its date a session may still be corrected or voided. */
  correctionWindowDays: number;
  /** The causes of a missed session that must be made up (never 'attended'). */
  makeUpCauses: Attendance[];
  /** A goal with no data for this many weeks needs attention. */
  noDataWeeks: number;
  /** A student on a caseload not seen for this many days needs attention. */
  notSeenDays: number;
  /** Reports, reviews and evaluations due within this many days are "due soon". */
  dueSoonDays: number;
  /** Minutes a therapist needs between sessions at two different schools. */
  travelMinutes: number;
  /** Audit entries older than this many months are deleted daily (pruneAudit); null keeps them forever. */
  auditRetentionMonths: number | null;
};

/** The causes of a missed session a district may ask to be made up: every attendance but "attended". */
export const missedCauses = choices('Attendance').filter((c) => c.value !== 'attended');
const causeValues = missedCauses.map((c) => c.value) as [Attendance, ...Attendance[]];

const defaults: DistrictSettings = {
  requireSecondFactor: false,
  unsignedFlagDays: 7,
  correctionWindowDays: 90,
  makeUpCauses: ['therapist_absent', 'school_closed'],
  noDataWeeks: 3,
  notSeenDays: 14,
  dueSoonDays: 30,
  travelMinutes: 15,
  auditRetentionMonths: null,
};

/** A whole number typed in the form; a form that leaves it out keeps the saved value. */
const whole = (label: string, unit: { one: string; many: string }, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `Enter ${label} as a whole number of ${unit.many}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `Use at least ${min} ${min === 1 ? unit.one : unit.many}`)
        .max(max, `Use at most ${max} ${unit.many}`),
    )
    .optional();

const DAYS = { one: 'day', many: 'days' };
const days = (label: string, max: number) => whole(label, DAYS, 1, max);

export const settingsForm = z.object({
  requireSecondFactor: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  unsignedFlagDays: days('the days before a session is flagged', 60),
  correctionWindowDays: days('the days a session may be corrected', 730),
  /**
   * Ticked causes. An unticked box sends nothing, so the form also sends `makeUpCausesShown`:
   * without it (a request that never showed the boxes) the saved causes stay as they are.
   */
  makeUpCauses: checkboxes(z.enum(causeValues, { error: 'Choose from the causes listed' }), causeValues.length),
  makeUpCausesShown: z.string().optional(),
  noDataWeeks: whole('the weeks without data', { one: 'week', many: 'weeks' }, 1, 26),
  notSeenDays: days('the days without a session', 90),
  dueSoonDays: days('the days ahead that count as due soon', 120),
  travelMinutes: whole('the travel time', { one: 'minute', many: 'minutes' }, 0, 120),
  /** Empty keeps entries forever (null); a form that leaves the field out keeps the saved value. */
  auditRetentionMonths: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const months = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(months))
        ctx.addIssue({ code: 'custom', message: 'Enter the months as a whole number, or leave it empty to keep entries forever' });
      else if (months < 12)
        ctx.addIssue({ code: 'custom', message: 'Keep entries for at least 12 months, or leave it empty to keep them forever' });
      else if (months > 120)
        ctx.addIssue({ code: 'custom', message: 'Use at most 120 months (10 years), or leave it empty to keep entries forever' });
      return months;
    })
    .optional(),
});

export type SettingsInput = z.output<typeof settingsForm>;

/** The stored comma list, read back: unknown or repeated values are dropped, the form's order kept. */
export function parseMakeUpCauses(stored: string): Attendance[] {
  const listed = new Set(stored.split(',').map((s) => s.trim()));
  return causeValues.filter((c) => listed.has(c));
}

const columns = {
  requireSecondFactor: true,
  unsignedFlagDays: true,
  correctionWindowDays: true,
  makeUpCauses: true,
  noDataWeeks: true,
  notSeenDays: true,
  dueSoonDays: true,
  travelMinutes: true,
  auditRetentionMonths: true,
} as const;

/** Read by most pages (Home, the student page, sign-in), so it skips Prisma (db/reads.ts). */
export async function districtSettings(db: Db): Promise<DistrictSettings> {
  const row = await reads(db).get<Omit<DistrictSettings, 'makeUpCauses'> & { makeUpCauses: string }>(
    `SELECT "requireSecondFactor", "unsignedFlagDays", "correctionWindowDays", "makeUpCauses", "noDataWeeks",
            "notSeenDays", "dueSoonDays", "travelMinutes", "auditRetentionMonths"
     FROM "DistrictSetting" WHERE "id" = ?`,
    [SETTINGS_ID],
  );
  return row ? { ...row, makeUpCauses: parseMakeUpCauses(row.makeUpCauses) } : { ...defaults, makeUpCauses: [...defaults.makeUpCauses] };
}

/** Must admins and therapists who sign in with a password use a second factor? */
export async function requiresSecondFactor(db: Db): Promise<boolean> {
  return (await districtSettings(db)).requireSecondFactor;
}

/** A setting as the audit trail keeps it: the causes as their comma list. */
const stored = (s: DistrictSettings) => ({ ...s, makeUpCauses: s.makeUpCauses.join(',') });

export async function saveDistrictSettings(db: Db, caller: Caller, input: SettingsInput): Promise<void> {
  await authorize(db, caller, 'admin.settings', { type: 'settings' });
  await db.$transaction(async (tx) => {
    const row = await tx.districtSetting.findUnique({ where: { id: SETTINGS_ID }, select: columns });
    const before = row ? { ...row, makeUpCauses: parseMakeUpCauses(row.makeUpCauses) } : defaults;
    const after: DistrictSettings = {
      requireSecondFactor: input.requireSecondFactor,
      unsignedFlagDays: input.unsignedFlagDays ?? before.unsignedFlagDays,
      correctionWindowDays: input.correctionWindowDays ?? before.correctionWindowDays,
      makeUpCauses: input.makeUpCausesShown === undefined ? before.makeUpCauses : causeValues.filter((c) => input.makeUpCauses.includes(c)),
      noDataWeeks: input.noDataWeeks ?? before.noDataWeeks,
      notSeenDays: input.notSeenDays ?? before.notSeenDays,
      dueSoonDays: input.dueSoonDays ?? before.dueSoonDays,
      travelMinutes: input.travelMinutes ?? before.travelMinutes,
      auditRetentionMonths: input.auditRetentionMonths === undefined ? before.auditRetentionMonths : input.auditRetentionMonths,
    };
    const [was, now] = [stored(before), stored(after)];
    await tx.districtSetting.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...now }, update: now });
    const changed = Object.fromEntries((Object.keys(now) as (keyof typeof now)[]).filter((k) => was[k] !== now[k]).map((k) => [k, now[k]]));
    if (Object.keys(changed).length) await recordBy(tx, caller, { action: 'settings.changed', detail: changed });
  });
}
