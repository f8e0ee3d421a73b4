// The schedule's reads for a range of days, in SQL that skips Prisma (db/reads.ts): Home, the week
// view and the calendar feed read them on every view, and through Prisma's nested selects they were
// eleven statements, most of the cost of Home's "Today". Here they are at most five (and the
// calendars), whatever the number of slots, with the rows in the shapes the occurrences are built
// from (occurrences.ts).
import type { Db } from '../../db/client.js';
import { placeholders, reads } from '../../db/reads.js';
import { studentScopeSql } from '../../access/scope.js';
import type { Attendance, PlaceOfService, ServiceType } from '../../generated/prisma/enums.js';
import type { SlotChange, SlotDates } from './occurrences.js';

export type SlotStudent = {
  student: { id: number; firstName: string; lastName: string; preferredName: string | null; schoolId: number; school: { name: string } };
};

/** A slot's days, with its changes in the range as a list the reads fill in. */
type SlotDays = Omit<SlotDates, 'changes'> & { changes: SlotChange[] };

/** A therapist's slot with its students still on their caseload and its changes in the range. */
export type SlotOnSchedule = SlotDays & { place: PlaceOfService; serviceType: ServiceType; students: SlotStudent[] };

/** Another therapist's slot with any of the same students: only those students, and its changes. */
export type OtherSlot = SlotDays & { provider: { name: string }; students: { studentId: number }[] };

/** A slot with a day from `from` to `to`, or a day moved into it (`sl` is the slot). */
const SLOT_IN_RANGE = `((sl."fromDate" <= ? AND sl."toDate" >= ?)
  OR EXISTS (SELECT 1 FROM "ScheduleChange" moved WHERE moved."slotId" = sl."id" AND moved."newDate" >= ? AND moved."newDate" <= ?))`;
const inRange = (from: Date, to: Date) => [to, from, from, to];

type SlotRow = Omit<SlotOnSchedule, 'students' | 'changes'> & {
  studentId: number | null;
  firstName: string | null;
  lastName: string | null;
  preferredName: string | null;
  schoolId: number | null;
  schoolName: string | null;
};

/**
 * The provider's slots in the range, by id; each with its students who are on the provider's
 * caseload and not exited (a child who left it is no longer named on the schedule), by id.
 */
export async function slotsOnSchedule(db: Db, providerId: number, from: Date, to: Date): Promise<SlotOnSchedule[]> {
  const scope = studentScopeSql({ id: providerId, role: 'therapist' }, 'm."id"');
  // Joined slot by slot from the provider's slots (a student who is not named on the schedule, a
  // null row): as a subquery joined afterwards, SQLite read every slot's students in the district.
  const rows = await reads(db).all<SlotRow>(
    `SELECT sl."id", sl."weekday", sl."startTime", sl."minutes", sl."place", sl."serviceType", sl."fromDate", sl."toDate",
            m."id" AS "studentId", m."firstName", m."lastName", m."preferredName", m."schoolId", sc."name" AS "schoolName"
     FROM "ScheduleSlot" sl
     LEFT JOIN "ScheduleSlotStudent" ss ON ss."slotId" = sl."id"
     LEFT JOIN "Student" m ON m."id" = ss."studentId" AND m."status" <> 'exited' AND ${scope.sql}
     LEFT JOIN "School" sc ON sc."id" = m."schoolId"
     WHERE sl."providerId" = ? AND ${SLOT_IN_RANGE}
     ORDER BY sl."id", m."id"`,
    [...scope.params, providerId, ...inRange(from, to)],
  );
  const slots = new Map<number, SlotOnSchedule>();
  for (const r of rows) {
    let slot = slots.get(r.id);
    if (!slot) {
      const { id, weekday, startTime, minutes, place, serviceType, fromDate, toDate } = r;
      slots.set(id, (slot = { id, weekday, startTime, minutes, place, serviceType, fromDate, toDate, students: [], changes: [] }));
    }
    if (r.studentId !== null) {
      slot.students.push({
        student: {
          id: r.studentId,
          firstName: r.firstName!,
          lastName: r.lastName!,
          preferredName: r.preferredName,
          schoolId: r.schoolId!,
          school: { name: r.schoolName! },
        },
      });
    }
  }
  await attachChanges(db, [...slots.values()], from, to);
  return [...slots.values()];
}

type OtherRow = Omit<OtherSlot, 'provider' | 'students' | 'changes'> & { providerName: string; studentId: number };

/** Other providers' slots in the range that have any of these students, with only those students. */
export async function otherSlotsWith(
  db: Db,
  providerId: number,
  studentIds: readonly number[],
  from: Date,
  to: Date,
): Promise<OtherSlot[]> {
  if (studentIds.length === 0) return [];
  const rows = await reads(db).all<OtherRow>(
    `SELECT sl."id", sl."weekday", sl."startTime", sl."minutes", sl."fromDate", sl."toDate", u."name" AS "providerName", ss."studentId"
     FROM "ScheduleSlot" sl
     JOIN "ScheduleSlotStudent" ss ON ss."slotId" = sl."id"
     JOIN "User" u ON u."id" = sl."providerId"
     WHERE ss."studentId" IN (${placeholders(studentIds.length)}) AND sl."providerId" <> ? AND ${SLOT_IN_RANGE}
     ORDER BY sl."id", ss."studentId"`,
    [...studentIds, providerId, ...inRange(from, to)],
  );
  const slots = new Map<number, OtherSlot>();
  for (const r of rows) {
    let slot = slots.get(r.id);
    if (!slot) {
      const { id, weekday, startTime, minutes, fromDate, toDate } = r;
      const provider = { name: r.providerName };
      slots.set(id, (slot = { id, weekday, startTime, minutes, fromDate, toDate, provider, students: [], changes: [] }));
    }
    slot.students.push({ studentId: r.studentId });
  }
  await attachChanges(db, [...slots.values()], from, to);
  return [...slots.values()];
}

/** The changes of these slots for a day in the range or moving a day into it, by slot and day. */
async function attachChanges(db: Db, slots: { id: number; changes: SlotChange[] }[], from: Date, to: Date): Promise<void> {
  if (slots.length === 0) return;
  const rows = await reads(db).all<SlotChange & { slotId: number }>(
    `SELECT c."slotId", c."date", c."cancelled", c."newDate", c."newStartTime", c."reason", c."cause"
     FROM "ScheduleChange" c
     WHERE c."slotId" IN (${placeholders(slots.length)})
       AND ((c."date" >= ? AND c."date" <= ?) OR (c."newDate" >= ? AND c."newDate" <= ?))
     ORDER BY c."slotId", c."date"`,
    [...slots.map((s) => s.id), from, to, from, to],
  );
  const byId = new Map(slots.map((s) => [s.id, s]));
  for (const { slotId, date, cancelled, newDate, newStartTime, reason, cause } of rows) {
    byId.get(slotId)!.changes.push({ date, cancelled, newDate, newStartTime, reason, cause: cause as Attendance | null });
  }
}

/** Sessions logged (not voided) for these slots on these days they fall on, by id. */
export async function loggedFor(
  db: Db,
  slotIds: readonly number[],
  days: readonly Date[],
): Promise<{ id: number; scheduleSlotId: number; scheduledFor: Date }[]> {
  if (slotIds.length === 0 || days.length === 0) return [];
  return reads(db).all(
    `SELECT s."id", s."scheduleSlotId", s."scheduledFor" FROM "SessionLog" s
     WHERE s."scheduleSlotId" IN (${placeholders(slotIds.length)}) AND s."scheduledFor" IN (${placeholders(days.length)})
       AND s."voidedAt" IS NULL
     ORDER BY s."id"`,
    [...slotIds, ...days],
  );
}
