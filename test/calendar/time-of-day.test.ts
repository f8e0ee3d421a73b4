import { describe, expect, it } from 'vitest';
import { clockTime, endTime, minutesOfDay, timeNow } from '../../src/calendar/dates.js';

describe('times of day', () => {
  it('count the end from the start and the minutes', () => {
    expect(endTime('09:30', 45)).toBe('10:15');
    expect(endTime('08:05', 30)).toBe('08:35');
    expect(endTime('11:50', 480)).toBe('19:50');
    expect(endTime('23:30', 45)).toBe('00:15');
  });

  it('read and write "HH:MM"', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('13:45')).toBe(825);
    expect(clockTime(825)).toBe('13:45');
    expect(clockTime(-15)).toBe('23:45');
  });

  it("say the time now in the district's zone, to the nearest 5 minutes", () => {
    // 14:02 UTC is 09:02 in New York (EST) and 06:02 in Los Angeles (PST).
    expect(timeNow('America/New_York', new Date('2026-11-30T14:02:00Z'))).toBe('09:00');
    expect(timeNow('America/Los_Angeles', new Date('2026-11-30T14:03:00Z'))).toBe('06:05');
    // Daylight saving time: the same instant in July is an hour later on the clock.
    expect(timeNow('America/New_York', new Date('2026-07-01T14:02:00Z'))).toBe('10:00');
    // Never rounds into the next day.
    expect(timeNow('UTC', new Date('2026-11-30T23:58:00Z'))).toBe('23:55');
  });
});
