import { describe, expect, it } from 'vitest';
import { dayKey, parseDay } from '../../../src/calendar/dates.js';
import {
  expandSlot,
  fallsOn,
  findClashes,
  movedAway,
  nextSlotDay,
  shortName,
  slotDays,
} from '../../../src/features/schedule/occurrences.js';
import type { Booking, SlotDates } from '../../../src/features/schedule/occurrences.js';

const d = (key: string) => parseDay(key)!;
const keys = (days: Date[]) => days.map(dayKey);

// 2026-11-30 is a Monday.
const tuesdays: SlotDates = {
  id: 7,
  weekday: 2,
  startTime: '09:30',
  minutes: 30,
  fromDate: d('2026-11-05'),
  toDate: d('2026-12-15'),
  changes: [],
};

describe('the days a slot falls on', () => {
  it('is its weekday, every week, between its first and last day', () => {
    expect(keys(slotDays(tuesdays, d('2026-11-01'), d('2026-12-31')))).toEqual([
      '2026-11-10',
      '2026-11-17',
      '2026-11-24',
      '2026-12-01',
      '2026-12-08',
      '2026-12-15',
    ]);
    expect(keys(slotDays(tuesdays, d('2026-11-30'), d('2026-12-04')))).toEqual(['2026-12-01']);
    expect(slotDays(tuesdays, d('2026-12-16'), d('2026-12-31'))).toEqual([]);
    expect(fallsOn(tuesdays, d('2026-12-01'))).toBe(true);
    expect(fallsOn(tuesdays, d('2026-12-02'))).toBe(false);
    expect(fallsOn(tuesdays, d('2026-12-22'))).toBe(false);
  });

  it('offers the next day it falls on, or its last day once it has ended', () => {
    expect(dayKey(nextSlotDay(tuesdays, d('2026-11-25'))!)).toBe('2026-12-01');
    expect(dayKey(nextSlotDay(tuesdays, d('2027-01-10'))!)).toBe('2026-12-15');
  });
});

describe('occurrences', () => {
  const week = [d('2026-11-30'), d('2026-12-04')] as const;

  it('are dated by the day the slot falls on', () => {
    expect(expandSlot(tuesdays, ...week)).toEqual([
      {
        slotId: 7,
        date: d('2026-12-01'),
        scheduledFor: d('2026-12-01'),
        startTime: '09:30',
        minutes: 30,
        cancelled: false,
        moved: false,
        reason: '',
        cause: null,
      },
    ]);
  });

  it('keep a cancelled day, marked, with its reason', () => {
    const slot = {
      ...tuesdays,
      changes: [{ date: d('2026-12-01'), cancelled: true, newDate: null, newStartTime: null, reason: 'Field trip' }],
    };
    expect(expandSlot(slot, ...week)).toMatchObject([{ cancelled: true, reason: 'Field trip', date: d('2026-12-01'), cause: null }]);
  });

  it("keep a cancelled day's cause: a missed session to record", () => {
    const slot = {
      ...tuesdays,
      changes: [
        { date: d('2026-12-01'), cancelled: true, newDate: null, newStartTime: null, reason: 'Flu', cause: 'therapist_absent' as const },
      ],
    };
    expect(expandSlot(slot, ...week)).toMatchObject([{ cancelled: true, cause: 'therapist_absent' }]);
    // A move is no missed session, whatever a stale cause says.
    const moved = { ...slot, changes: [{ ...slot.changes[0]!, cancelled: false, newStartTime: '11:00' }] };
    expect(expandSlot(moved, ...week)).toMatchObject([{ cancelled: false, moved: true, cause: null }]);
  });

  it('follow a day moved to another day and time, in and out of the range', () => {
    const moved = { date: d('2026-12-01'), cancelled: false, newDate: d('2026-12-07'), newStartTime: '13:00', reason: 'IEP meeting' };
    const slot = { ...tuesdays, changes: [moved] };
    // Moved out of this week...
    expect(expandSlot(slot, ...week)).toEqual([]);
    // ...into the next, where it keeps the day it was scheduled for.
    expect(expandSlot(slot, d('2026-12-07'), d('2026-12-11'))).toEqual([
      expect.objectContaining({ date: d('2026-12-07'), scheduledFor: d('2026-12-01'), startTime: '13:00', moved: true }),
      expect.objectContaining({ date: d('2026-12-08'), scheduledFor: d('2026-12-08'), startTime: '09:30', moved: false }),
    ]);
    // A new time alone moves it within the day.
    const later = { ...tuesdays, changes: [{ ...moved, newDate: null, newStartTime: '10:15' }] };
    expect(expandSlot(later, ...week)).toMatchObject([{ date: d('2026-12-01'), startTime: '10:15', moved: true }]);
  });

  it('leave a trace on the day a session was moved away from, not on a change of time alone', () => {
    const away = { date: d('2026-12-01'), cancelled: false, newDate: d('2026-12-10'), newStartTime: '10:00', reason: '' };
    const slot = { ...tuesdays, changes: [away, { ...away, date: d('2026-12-08'), newDate: null, newStartTime: '11:00' }] };
    expect(movedAway(slot, ...week)).toEqual([
      { slotId: 7, scheduledFor: d('2026-12-01'), startTime: '09:30', minutes: 30, newDate: d('2026-12-10'), newStartTime: '10:00' },
    ]);
    // Not in the week it was moved into, and not for the time alone.
    expect(movedAway(slot, d('2026-12-07'), d('2026-12-11'))).toEqual([]);
    // A new day alone keeps the slot's time.
    expect(movedAway({ ...tuesdays, changes: [{ ...away, newStartTime: null }] }, ...week)).toMatchObject([{ newStartTime: '09:30' }]);
  });

  it('are one day for a one-off session', () => {
    const once = { ...tuesdays, fromDate: d('2026-12-03'), toDate: d('2026-12-03'), weekday: 4 };
    expect(keys(expandSlot(once, ...week).map((o) => o.date))).toEqual(['2026-12-03']);
  });
});

describe('names on the schedule', () => {
  it('are the name a child goes by and an initial', () => {
    expect(shortName({ firstName: 'Maya', lastName: 'Rivera', preferredName: null })).toBe('Maya R.');
    expect(shortName({ firstName: 'Leonardo', lastName: 'tran', preferredName: 'Leo' })).toBe('Leo T.');
  });
});

describe('clashes', () => {
  const school = (id: number) => ({ 1: 'Lincoln', 2: 'Maple Grove' })[id] ?? '?';
  const booking = (key: string, startTime: string, minutes: number, students: Booking['students'], cancelled = false): Booking => ({
    key,
    date: d('2026-12-01'),
    startTime,
    minutes,
    cancelled,
    students,
  });
  const maya = { id: 1, name: 'Maya R.', schoolId: 1 };
  const leo = { id: 2, name: 'Leo T.', schoolId: 1 };
  const ava = { id: 3, name: 'Ava C.', schoolId: 2 };

  it('finds the therapist booked twice, but not sessions that only touch', () => {
    const found = findClashes(
      [booking('a', '09:00', 30, [maya]), booking('b', '09:15', 30, [leo]), booking('c', '09:45', 15, [leo])],
      [],
      0,
      school,
    );
    expect(found.byKey.get('a')).toEqual(['You are booked twice: this overlaps 09:15–09:45 with Leo T.']);
    expect(found.byKey.get('b')).toEqual(['You are booked twice: this overlaps 09:00–09:30 with Maya R.']);
    expect(found.byKey.get('c')).toBeUndefined();
    // The week's list has the pair once.
    expect(found.list).toEqual([{ key: 'a', message: 'You are booked twice: 09:00–09:30 with Maya R. and 09:15–09:45 with Leo T.' }]);
  });

  it('finds too little time to travel between schools, and none when a session is at the same school', () => {
    const found = findClashes(
      [booking('a', '09:00', 30, [maya]), booking('b', '09:35', 30, [ava]), booking('c', '10:30', 30, [ava])],
      [],
      15,
      school,
    );
    const message = 'Only 5 min to travel from Lincoln to Maple Grove (the district allows 15 min)';
    expect(found.byKey.get('a')).toEqual([message]);
    expect(found.byKey.get('b')).toEqual([message]);
    expect(found.byKey.get('c')).toBeUndefined();
    expect(found.list).toEqual([{ key: 'a', message }]);
    // With no gap at all, it says so plainly.
    const none = findClashes([booking('a', '09:00', 30, [maya]), booking('b', '09:30', 30, [ava])], [], 15, school);
    expect(none.byKey.get('b')).toEqual(['No time to travel from Lincoln to Maple Grove (the district allows 15 min)']);
  });

  it('finds a child booked with another therapist at the same time', () => {
    const found = findClashes(
      [booking('a', '09:00', 30, [maya, leo])],
      [{ date: d('2026-12-01'), startTime: '09:20', minutes: 30, studentIds: [1], providerName: 'Sam Lee' }],
      15,
      school,
    );
    expect(found.byKey.get('a')).toEqual(['Maya R. has a session with Sam Lee then (09:20–09:50)']);
  });

  it('leaves cancelled sessions out', () => {
    const found = findClashes(
      [booking('a', '09:00', 30, [maya]), booking('b', '09:00', 30, [leo], true)],
      [{ date: d('2026-12-01'), startTime: '09:00', minutes: 30, studentIds: [2], providerName: 'Sam Lee' }],
      15,
      school,
    );
    expect(found.byKey.size).toBe(0);
    expect(found.list).toEqual([]);
  });
});
