// The schedule as an iCalendar feed, for a phone's calendar: a secret link per therapist. Only a
// SHA-256 hash of the link's token is stored, so the link is shown once, when it is made; making a
// new one replaces it, and revoking it ends it. The feed holds times, places and first names with
// an initial: no goals, notes or anything else from a student's record.
import { createHash, randomBytes } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import ical from 'ical-generator';
import type { Db } from '../../db/client.js';
import { addDays, minutesOfDay } from '../../calendar/dates.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import { label } from '../../labels.js';
import { recordBy } from '../audit/audit.service.js';
import { shortName } from './occurrences.js';
import { occurrencesFor } from './schedule.service.js';
import type { Occurrence } from './schedule.service.js';

/** How far the feed reaches: four weeks back (to look up what was done) and twelve ahead. */
export const FEED_WEEKS_BACK = 4;
export const FEED_WEEKS_AHEAD = 12;

/** 32 random bytes in base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The feed's address for a token. */
export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/calendar/${token}.ics`;
}

/** Makes a new secret link (replacing any earlier one) and answers its token, which is not kept. */
export async function makeFeedLink(db: Db, caller: Caller): Promise<string> {
  await authorize(db, caller, 'schedule.feed', { type: 'calendar_feed' });
  const token = randomBytes(32).toString('base64url');
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: caller.user.id }, data: { calendarFeedHash: hashOf(token), calendarFeedAt: new Date() } });
    await recordBy(tx, caller, { action: 'schedule.feed.created', targetType: 'user', targetId: caller.user.id });
  });
  return token;
}

/** Ends the secret link: a calendar that asks with it is told there is nothing there. */
export async function revokeFeedLink(db: Db, caller: Caller): Promise<void> {
  await authorize(db, caller, 'schedule.feed', { type: 'calendar_feed' });
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: caller.user.id }, data: { calendarFeedHash: null, calendarFeedAt: null } });
    await recordBy(tx, caller, { action: 'schedule.feed.revoked', targetType: 'user', targetId: caller.user.id });
  });
}

/** The therapist a token belongs to, while their account is enabled and may keep a feed; else null. */
async function feedOwner(db: Db, token: string) {
  if (!TOKEN.test(token)) return null;
  const user = await db.user.findUnique({
    where: { calendarFeedHash: hashOf(token) },
    select: { id: true, role: true, assistant: true, disabledAt: true },
  });
  return user && user.disabledAt === null && can(user, 'schedule.feed') ? user : null;
}

/**
 * The instant a local school time happens in the district's zone. Events are written in UTC:
 * every calendar reads that the same way (a TZID needs a VTIMEZONE block some clients insist on),
 * and a phone in the district's zone shows 09:30 for a session at 09:30.
 */
export function instantOf(day: Date, time: string, timeZone: string): Date {
  const m = minutesOfDay(time);
  const local = new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Math.floor(m / 60), m % 60, timeZone);
  return new Date(local.getTime());
}

/** "OT: Maya R., Leo T." */
export function eventSummary(o: Pick<Occurrence, 'students'>): string {
  return o.students.length ? `OT: ${o.students.map(shortName).join(', ')}` : 'OT session';
}

/** The feed for a token as iCalendar text, or null when the token names no enabled therapist. */
export async function feedFor(db: Db, token: string, options: { timeZone: string; today: Date }): Promise<string | null> {
  const owner = await feedOwner(db, token);
  if (!owner) return null;
  const from = addDays(options.today, -7 * FEED_WEEKS_BACK);
  const to = addDays(options.today, 7 * FEED_WEEKS_AHEAD);
  const occurrences = await occurrencesFor(db, owner.id, from, to);
  const calendar = ical({
    name: 'Tandem: my OT schedule',
    prodId: { company: 'Tandem', product: 'schedule', language: 'EN' },
    // Calendars that honour it look again every hour.
    ttl: 60 * 60,
  });
  for (const o of occurrences) {
    if (o.cancelled) continue;
    calendar.createEvent({
      // One UID per scheduled day, so a moved session updates its event rather than adding one.
      id: `slot-${o.slotId}-${o.scheduledFor.toISOString().slice(0, 10)}@tandem`,
      start: instantOf(o.date, o.startTime, options.timeZone),
      end: new Date(instantOf(o.date, o.startTime, options.timeZone).getTime() + o.minutes * 60_000),
      summary: eventSummary(o),
      // "School therapy room, Maple Grove Elementary".
      location: [label('PlaceOfService', o.place), o.schoolName].filter(Boolean).join(', '),
    });
  }
  return calendar.toString();
}
