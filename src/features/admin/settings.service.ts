// Settings an admin makes for the whole district: one row, made on first save.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { authorize } from '../../access/loaders.js';
import { recordBy } from '../audit/audit.service.js';

const SETTINGS_ID = 1;

export type DistrictSettings = {
  requireSecondFactor: boolean;
  /** Sessions still unsigned (or not co-signed) this many days after their date are flagged. */
  unsignedFlagDays: number;
  /** How many days after its date a session may still be corrected or voided. */
  correctionWindowDays: number;
};

const defaults: DistrictSettings = { requireSecondFactor: false, unsignedFlagDays: 7, correctionWindowDays: 90 };

/** A number of days typed in the form; a form that leaves it out keeps the saved value. */
const days = (label: string, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `Enter ${label} as a whole number of days`)
    .transform(Number)
    .pipe(z.number().min(1, 'Use at least 1 day').max(max, `Use at most ${max} days`))
    .optional();

export const settingsForm = z.object({
  requireSecondFactor: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  unsignedFlagDays: days('the days before a session is flagged', 60),
  correctionWindowDays: days('the days a session may be corrected', 730),
});

export type SettingsInput = z.output<typeof settingsForm>;

export async function districtSettings(db: Db): Promise<DistrictSettings> {
  const row = await db.districtSetting.findUnique({
    where: { id: SETTINGS_ID },
    select: { requireSecondFactor: true, unsignedFlagDays: true, correctionWindowDays: true },
  });
  return row ?? defaults;
}

/** Must admins and therapists who sign in with a password use a second factor? */
export async function requiresSecondFactor(db: Db): Promise<boolean> {
  return (await districtSettings(db)).requireSecondFactor;
}

export async function saveDistrictSettings(db: Db, caller: Caller, input: SettingsInput): Promise<void> {
  await authorize(db, caller, 'admin.settings', { type: 'settings' });
  await db.$transaction(async (tx) => {
    const before = (await tx.districtSetting.findUnique({ where: { id: SETTINGS_ID } })) ?? defaults;
    const after: DistrictSettings = {
      requireSecondFactor: input.requireSecondFactor,
      unsignedFlagDays: input.unsignedFlagDays ?? before.unsignedFlagDays,
      correctionWindowDays: input.correctionWindowDays ?? before.correctionWindowDays,
    };
    await tx.districtSetting.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...after }, update: after });
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof DistrictSettings)[]).filter((k) => before[k] !== after[k]).map((k) => [k, after[k]]),
    );
    if (Object.keys(changed).length) await recordBy(tx, caller, { action: 'settings.changed', detail: changed });
  });
}
