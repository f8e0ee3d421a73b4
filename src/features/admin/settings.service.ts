// Settings an admin makes for the whole district: one row, made on first save.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { authorize } from '../../access/loaders.js';
import { recordBy } from '../audit/audit.service.js';

const SETTINGS_ID = 1;

export type DistrictSettings = { requireSecondFactor: boolean };

const defaults: DistrictSettings = { requireSecondFactor: false };

export const settingsForm = z.object({
  requireSecondFactor: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
});

export async function districtSettings(db: Db): Promise<DistrictSettings> {
  const row = await db.districtSetting.findUnique({ where: { id: SETTINGS_ID }, select: { requireSecondFactor: true } });
  return row ?? defaults;
}

/** Must admins and therapists who sign in with a password use a second factor? */
export async function requiresSecondFactor(db: Db): Promise<boolean> {
  return (await districtSettings(db)).requireSecondFactor;
}

export async function saveDistrictSettings(db: Db, caller: Caller, input: DistrictSettings): Promise<void> {
  await authorize(db, caller, 'admin.settings', { type: 'settings' });
  await db.$transaction(async (tx) => {
    const before = await tx.districtSetting.findUnique({ where: { id: SETTINGS_ID } });
    await tx.districtSetting.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...input }, update: input });
    if ((before?.requireSecondFactor ?? defaults.requireSecondFactor) !== input.requireSecondFactor) {
      await recordBy(tx, caller, { action: 'settings.changed', detail: { requireSecondFactor: input.requireSecondFactor } });
    }
  });
}
