import { describe, expect, it } from 'vitest';
import { decode, readRoster } from '../../../src/features/roster/roster-file.js';
import { readDate, readGrade, readRow } from '../../../src/features/roster/roster-rows.js';
import type { Lookups } from '../../../src/features/roster/roster-rows.js';

describe('reading the bytes of a roster file', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 from Excel, and Windows-1252', () => {
    expect(decode(Buffer.from('\uFEFFZoë', 'utf8'))).toEqual({ text: 'Zoë', encoding: 'UTF-8' });
    expect(decode(Buffer.from('Nguyễn', 'utf8'))).toEqual({ text: 'Nguyễn', encoding: 'UTF-8' });
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë', 'utf16le')])).text).toBe('Zoë');
    expect(decode(Buffer.from('Pe\xf1a \x93Jr\x94', 'latin1'))).toEqual({ text: 'Peña “Jr”', encoding: 'Windows-1252' });
  });
});

describe('reading the columns and rows', () => {
  it('recognises the column names of common SIS exports, in any case and spacing', () => {
    const file = readRoster('STUDENT_NUMBER,last_name,First Name,SchoolName,Grade Level,Birthdate,Gender\n1,Lee,Sam,Oak,3,,M\n');
    expect(file.problems).toEqual([]);
    expect(file.columns).toEqual({
      districtId: 'STUDENT_NUMBER',
      lastName: 'last_name',
      firstName: 'First Name',
      school: 'SchoolName',
      grade: 'Grade Level',
      dateOfBirth: 'Birthdate',
    });
    expect(file.ignored).toEqual(['Gender']);
    expect(file.rows).toEqual([
      { row: 2, cells: { districtId: '1', lastName: 'Lee', firstName: 'Sam', school: 'Oak', grade: '3', dateOfBirth: '' } },
    ]);
  });

  it('finds tabs or semicolons as the separator, and keeps commas and line breaks inside quotes', () => {
    expect(readRoster('Student ID\tFirst name\tLast name\tSchool\tGrade\n7\tAna\tDíaz, Jr.\tOak\tK\n').rows[0]?.cells.lastName).toBe(
      'Díaz, Jr.',
    );
    expect(readRoster('Student ID;First name;Last name;School;Grade\n7;Ana;Díaz;Oak;K\n').rows[0]?.cells.lastName).toBe('Díaz');
    const quoted = readRoster('Student ID,First name,Last name,School,Grade\n7,"Ana ""Annie""","Díaz,\nJr.",Oak,K\n8,Bo,Li,Oak,1\n');
    expect(quoted.rows.map((r) => [r.row, r.cells.firstName])).toEqual([
      [2, 'Ana "Annie"'],
      [3, 'Bo'],
    ]);
  });

  it('says in words what is wrong with a file that is not a roster', () => {
    expect(readRoster('').problems).toEqual(['The file is empty.']);
    expect(readRoster('Student ID,First name,Last name,School,Grade\n').problems).toEqual(['The file has a header row but no students.']);
    expect(readRoster('Name,Grade\nAna,3\n').problems[0]).toMatch(
      /^No column gives the district student ID\. Tandem looks for a column named “District student ID”/,
    );
    expect(readRoster('Student ID,Student Number,First name,Last name,School,Grade\n').problems).toContain(
      'Two columns, “Student ID” and “Student Number”, both give the district student ID: keep one.',
    );
    expect(readRoster('Student ID,First name,Last name,School,Grade\n1,"Ana,Li,Oak,3\n').problems[0]).toMatch(/could not be read as CSV/);
  });
});

describe('what the cells mean', () => {
  it('keeps text in one Unicode form and refuses characters that reorder it', () => {
    const file = readRoster('Student ID,First name,Last name,School,Grade\n7,Rene\u0301e,Li\u202Eevil,Oak,K\n');
    expect(file.rows[0]?.cells.firstName).toBe('Ren\u00e9e');
    const lookups: Lookups = {
      schools: new Map([['oak', { id: 1, name: 'Oak' }]]),
      accounts: new Map(),
      today: new Date('2026-11-30T00:00:00Z'),
    };
    const row = readRow(file.rows[0]!, lookups);
    expect(row.ok ? [] : row.problems).toEqual(['The last name has characters that cannot be used.']);
  });

  it('reads grades as SIS exports write them', () => {
    const cases: [string, number | null][] = [
      ['PK', -1],
      ['Pre-K', -1],
      ['TK', -1],
      ['-1', -1],
      ['K', 0],
      ['KG', 0],
      ['00', 0],
      ['01', 1],
      ['3rd', 3],
      ['Grade 5', 5],
      ['12', 12],
      ['Transition', 13],
      ['18-21', 13],
      ['13', 13],
      ['14', null],
      ['2nd grade', null],
      ['', null],
    ];
    for (const [text, level] of cases) expect([text, readGrade(text)]).toEqual([text, level]);
  });

  it('reads ISO and US dates, and nothing that is not a real day', () => {
    expect(readDate('2027-03-14')?.toISOString()).toBe('2027-03-14T00:00:00.000Z');
    expect(readDate('3/14/2027')?.toISOString()).toBe('2027-03-14T00:00:00.000Z');
    expect(readDate('03/04/2027')?.toISOString()).toBe('2027-03-04T00:00:00.000Z');
    for (const bad of ['2/30/2027', '14/3/2027', '3/14/27', '2027-02-29', 'March 14']) expect(readDate(bad)).toBeNull();
  });

  it('takes the plan start and annual review for the minutes when the file gives no service dates', () => {
    const lookups: Lookups = {
      schools: new Map([['oak', { id: 1, name: 'Oak' }]]),
      accounts: new Map(),
      today: new Date('2026-11-30T00:00:00Z'),
    };
    const row = readRow(
      {
        row: 2,
        cells: {
          districtId: 'A-1',
          firstName: 'Ana',
          lastName: 'Li',
          school: 'OAK',
          grade: 'K',
          planStart: '9/8/2026',
          annualReviewDue: '9/7/2027',
          minutes: '30',
          period: 'Weekly',
        },
      },
      lookups,
    );
    expect(row.ok && row.value.mandate).toEqual({
      minutes: 30,
      period: 'week',
      delivery: undefined,
      grouping: undefined,
      startDate: new Date('2026-09-08T00:00:00Z'),
      endDate: new Date('2027-09-07T00:00:00Z'),
    });
    const noDates = readRow(
      { row: 3, cells: { districtId: 'A-2', firstName: 'Bo', lastName: 'Li', school: 'Oak', grade: '1', minutes: '30', period: '3:1' } },
      lookups,
    );
    expect(noDates.ok ? [] : noDates.problems).toEqual([
      'The OT minutes need a service start date (or a plan start date).',
      'The OT minutes need a service end date (or an annual review date).',
    ]);
  });
});
