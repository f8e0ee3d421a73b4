// Demo data for development and trying Tandem out: a small district with two school OTs,
// their teachers and caseloads. Never loaded in production (see config.ts).
import { loadDemoPeriods } from './demo-periods.js';
import { today } from '../calendar/dates.js';
import { hashPassword } from '../features/auth/passwords.js';
import type { Db } from './client.js';
import { loadDemoEvaluations } from './demo-evaluations.js';
import { loadCalendars } from '../calendar/school-calendar.js';
import { loadDemoCalendar } from './demo-calendar.js';
import { demoTermStart, loadDemoNotes, loadDemoTerm } from './demo-term.js';
import { makeSchool, makeStudent, makeUser } from './factories.js';

export const DEMO_PASSWORD = 'practice-makes-progress';

export const demoAccounts = {
  admin: { name: 'Dana Whitfield', email: 'admin@tandem.example' },
  therapists: [
    { name: 'Maya Okafor', email: 'maya.okafor@tandem.example' },
    { name: 'Sam Rivera', email: 'sam.rivera@tandem.example' },
  ],
  assistant: { name: 'Jordan Lee', email: 'jordan.lee@tandem.example' },
} as const;

type SchoolPlan = { name: string; grades: [number, number]; teachers: string[]; therapist: 0 | 1 | 'both' };

const schools: SchoolPlan[] = [
  { name: 'Maple Grove Elementary', grades: [-1, 5], teachers: ['Priya Shah', 'Tom Becker', 'Alicia Moreno'], therapist: 0 },
  { name: 'Riverside Elementary', grades: [0, 5], teachers: ['Grace Liu', 'Marcus Bell'], therapist: 'both' },
  { name: 'Cedar Ridge Middle School', grades: [6, 8], teachers: ['Hannah Kowalski', 'David Osei'], therapist: 1 },
  { name: 'Lincoln High School', grades: [9, 13], teachers: ['Rachel Adeyemi', 'Chris Novak'], therapist: 1 },
];

const firstNames = [
  'Aiden',
  'Amara',
  'Benji',
  'Camila',
  'Daniel',
  'Destiny',
  'Elijah',
  'Emma',
  'Ethan',
  'Fatima',
  'Gabriel',
  'Hana',
  'Isaac',
  'Isabella',
  'Jamal',
  'Jasmine',
  'Jayden',
  'Kai',
  'Layla',
  'Leo',
  'Liam',
  'Lucia',
  'Malik',
  'Maya',
  'Mateo',
  'Mia',
  'Noah',
  'Nora',
  'Olivia',
  'Omar',
  'Owen',
  'Priya',
  'Quinn',
  'Rosa',
  'Ryan',
  'Samir',
  'Sofia',
  'Theo',
  'Uma',
  'Valentina',
  'Wyatt',
  'Xavier',
  'Yara',
  'Zoe',
  'Ava',
  'Caleb',
  'Elena',
  'Felix',
  'Iris',
  'Jonah',
];
const lastNames = [
  'Adams',
  'Nguyen',
  'Garcia',
  'Johnson',
  'Kim',
  'Patel',
  'Brown',
  'Martinez',
  'Okafor',
  'Lopez',
  'Williams',
  'Chen',
  'Hernandez',
  'Davis',
  'Singh',
  'Rodriguez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Jackson',
  'Ali',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Hill',
  'Flores',
  'Green',
  'Baker',
  'Nelson',
  'Carter',
  'Mitchell',
  'Perez',
  'Roberts',
  'Turner',
  'Phillips',
  'Campbell',
];
const nicknames: Record<string, string> = {
  Benji: 'Ben',
  Isabella: 'Izzy',
  Valentina: 'Val',
  Gabriel: 'Gabe',
  Elijah: 'Eli',
  Samir: 'Sami',
};

/** A small seeded generator, so every fresh demo database is the same. */
function random(seed: number) {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** The n-th demo student's id in the district's information system (from 0): six digits, unique,
 *  the same on every load, so a roster exported from the demo imports back onto the same students. */
export function demoDistrictId(n: number): string {
  return String(204_101 + n * 37);
}

/** Loads the demo district into an empty database, its term running up to today in `timeZone`.
 *  Returns false when there are users already. */
export async function loadDemoData(db: Db, timeZone: string): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const rand = random(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await makeUser(db, { role: 'admin', ...demoAccounts.admin, passwordHash });
  const therapists: { id: number }[] = [];
  for (const t of demoAccounts.therapists) therapists.push(await makeUser(db, { role: 'therapist', ...t, passwordHash }));

  const ota = await db.user.create({ data: { role: 'therapist', assistant: true, passwordHash, ...demoAccounts.assistant } });
  const caseloads: { studentId: number; gradeLevel: number; schoolId: number; therapist: number }[] = [];
  const waiting: { studentId: number; therapist: number }[] = [];
  const used = new Set<string>();
  const perTherapist = [0, 0];
  const schoolIds: number[] = [];
  const target = 45;
  for (const plan of schools) {
    const school = await makeSchool(db, { name: plan.name });
    schoolIds.push(school.id);
    const teachers = [];
    for (const name of plan.teachers) {
      const email = `${name.toLowerCase().replace(/\s+/g, '.')}@tandem.example`;
      teachers.push(await makeUser(db, { role: 'teacher', name, email, passwordHash }));
    }
    const serving = plan.therapist === 'both' ? [0, 1] : [plan.therapist];
    // The admin assigned these OTs to the school: concerns about new students there reach them.
    await db.schoolTherapist.createMany({ data: serving.map((t) => ({ schoolId: school.id, userId: therapists[t]!.id })) });
    for (const t of serving) {
      const count = plan.therapist === 'both' ? 10 : t === 0 ? target - 10 : Math.floor((target - 10) / 2) + (plan.grades[0] === 6 ? 1 : 0);
      for (let i = 0; i < count && (perTherapist[t] ?? 0) < target; i++) {
        let firstName: string;
        let lastName: string;
        do {
          firstName = pick(firstNames);
          lastName = pick(lastNames);
        } while (used.has(`${firstName} ${lastName}`));
        used.add(`${firstName} ${lastName}`);
        const gradeLevel = plan.grades[0] + Math.floor(rand() * (plan.grades[1] - plan.grades[0] + 1));
        // Elementary students have one classroom teacher; older students see several.
        const classTeachers = gradeLevel <= 5 ? [pick(teachers)] : teachers;
        const status = rand() < 0.08 ? 'evaluating' : 'active';
        const student = await makeStudent(db, {
          schoolId: school.id,
          districtId: demoDistrictId(caseloads.length + waiting.length),
          firstName,
          lastName,
          preferredName: nicknames[firstName] ?? null,
          gradeLevel,
          status,
          therapistIds: [therapists[t]!.id],
          teacherIds: classTeachers.map((teacher) => teacher.id),
        });
        // Students not yet served have no plan, minutes, goals or sessions: their evaluation comes first.
        if (status === 'evaluating') waiting.push({ studentId: student.id, therapist: therapists[t]!.id });
        else caseloads.push({ studentId: student.id, gradeLevel, schoolId: school.id, therapist: therapists[t]!.id });
        perTherapist[t] = (perTherapist[t] ?? 0) + 1;
      }
    }
  }
  // The OT assistant shares eight of Maya's elementary students and sees them under her supervision.
  const shared = caseloads.filter((c) => c.therapist === therapists[0]!.id).slice(0, 8);
  await db.studentTherapist.createMany({ data: shared.map((c) => ({ studentId: c.studentId, userId: ota.id })) });
  const day = today(timeZone);
  const assisted = new Map(shared.map((c) => [c.studentId, { provider: ota.id, supervisor: therapists[0]!.id }]));
  const calendar = await loadDemoCalendar(db, demoTermStart(day), day, schoolIds);
  // The hours each therapist is employed for: the dashboard's workload compares against them.
  await db.user.updateMany({ where: { id: therapists[0]!.id }, data: { hoursPerWeek: 37.5 } });
  await db.user.updateMany({ where: { id: { in: [therapists[1]!.id, ota.id] } }, data: { hoursPerWeek: 30 } });
  const calendars = await loadCalendars(db, schoolIds);
  await loadDemoTerm(db, rand, caseloads, assisted, day, calendar, (schoolId) => calendars.get(schoolId) ?? calendar);
  await loadDemoPeriods(db, day);
  await loadDemoNotes(db, therapists[0]!.id, caseloads.filter((c) => c.therapist === therapists[0]!.id).slice(0, 15), day);
  await loadDemoEvaluations(db, waiting, day);
  return true;
}
