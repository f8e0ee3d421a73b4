import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears, dayKey, parseDay, today } from '../../../src/calendar/dates.js';
import { dueDate } from '../../../src/features/evaluations/evaluations.service.js';
import { checkLanguage } from '../../../src/features/notes/plain-language.js';
import { formatDate } from '../../../src/web/view-helpers.js';
import { makeGoal, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { EVALUATION_TIMELINE: 'school:45' } });
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let teacher: Session;
let assistant: Session;
let admin: Session;
let stranger: Session;
let schoolId: number;
let therapistId: number;
let assistantId: number;
let teacherId: number;

/** A calendar day counted from the district's today, as a form sends it. */
const day = (offset: number) => dayKey(addDays(today(t.config.timeZone), offset));
const CONSENT = day(-40);

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Juniper Elementary' })).id;
  const therapist = await user(t.db, 'therapist');
  const ota = await user(t.db, 'therapist');
  await t.db.user.update({ where: { id: ota.id }, data: { assistant: true } });
  const teacherUser = await user(t.db, 'teacher');
  therapistId = therapist.id;
  assistantId = ota.id;
  teacherId = teacherUser.id;
  await t.db.schoolTherapist.create({ data: { schoolId, userId: therapistId } });
  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teacherUser.email);
  assistant = await signedIn(t.app, ota.email);
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  stranger = await signedIn(t.app, (await user(t.db, 'therapist')).email);
});

/** A student referred to the OT (with the assistant on the team), in the teacher's class. */
async function referred(firstName = 'Noah'): Promise<number> {
  const student = await makeStudent(t.db, {
    schoolId,
    firstName,
    status: 'referred',
    therapistIds: [therapistId, assistantId],
    teacherIds: [teacherId],
  });
  await t.db.student.update({ where: { id: student.id }, data: { planType: 'none' } });
  return student.id;
}

function post(who: Session, path: string, fields: Record<string, string> = {}) {
  return who.agent
    .post(path)
    .type('form')
    .send({ _csrf: who.csrf, ...fields });
}

async function started(studentId: number, consentDate = CONSENT): Promise<number> {
  const res = await post(ot, `/students/${studentId}/evaluations`, { consentDate });
  expect(res.status).toBe(303);
  return Number(String(res.headers.location).split('/').pop());
}

const assessment = (fields: Record<string, string> = {}) => ({
  name: 'Handwriting sample',
  givenOn: day(-20),
  scores: '12 of 26 lowercase letters formed correctly',
  meaning: 'Noah writes about half of his letters so they can be read. Most children his age write nearly all of them.',
  ...fields,
});

/** Everything but the plan: an assessment, findings for each step, and the decision. */
async function readyToDecide(evalId: number, eligible: 'yes' | 'no') {
  expect((await post(ot, `/evaluations/${evalId}/assessments`, assessment())).status).toBe(303);
  const steps = eligible === 'yes' ? ['family', 'skills', 'sensory', 'goals'] : ['family', 'skills', 'sensory'];
  for (const step of steps)
    expect((await post(ot, `/evaluations/${evalId}/findings`, { step, findings: `Findings for ${step}.` })).status).toBe(303);
  const decision = { eligible, eligibilityMeetingOn: day(-5), servicesConsentOn: eligible === 'yes' ? day(-3) : '' };
  expect((await post(ot, `/evaluations/${evalId}/decision`, decision)).status).toBe(303);
}

/** The text a PDF draws: pdfkit writes it as hex strings inside compressed content streams. */
function pdfText(pdf: Buffer): string {
  const streams = pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g);
  return [...streams]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .flatMap((content) => [...content.matchAll(/<([0-9a-f]+)>/gi)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')))
    .join('');
}

const student = (id: number) => t.db.student.findUniqueOrThrow({ where: { id } });
const evaluation = (id: number) => t.db.evaluation.findUniqueOrThrow({ where: { id } });
const audits = (action: string, studentId: number) => t.db.auditEvent.count({ where: { action, studentId } });

describe('evaluation due dates', () => {
  it('count calendar days or school days from consent', () => {
    // Monday Nov 2, 2026.
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'calendar', days: 60 }))).toBe('2027-01-01');
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'school', days: 5 }))).toBe('2026-11-09');
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'school', days: 45 }))).toBe('2027-01-04');
  });
});

describe('a referral', () => {
  it('leaves a new student referred with no plan yet', async () => {
    const raised = await post(teacher, '/concerns', {
      studentId: '',
      studentName: 'Ines Newcomer',
      gradeLevel: '1',
      schoolId: String(schoolId),
      signs: 'pencil',
      example: 'Holds the pencil in a fist.',
    });
    expect(raised.status).toBe(303);
    const concernId = Number(String(raised.headers.location).split('/').pop());
    const refer = await post(ot, `/concerns/${concernId}/refer`);
    expect(refer.status).toBe(303);
    const studentId = Number(String(refer.headers.location).split('/').pop());
    expect(await student(studentId)).toMatchObject({ status: 'referred', planType: 'none', planStart: null });
    expect((await ot.agent.get(`/students/${studentId}`)).text).toContain('No plan yet');
  });

  it('takes an exited student back as referred, without the old plan', async () => {
    const former = await makeStudent(t.db, { schoolId, firstName: 'Omar', status: 'exited', teacherIds: [teacherId] });
    await t.db.student.update({
      where: { id: former.id },
      data: {
        planType: 'plan504',
        planStart: new Date('2025-09-01'),
        annualReviewDue: new Date('2026-08-30'),
        exitedOn: new Date('2026-06-01'),
        exitReason: 'Goals met, services no longer needed',
      },
    });
    const raised = await post(teacher, '/concerns', { studentId: String(former.id), signs: 'pencil', example: 'Tires after a few lines.' });
    expect(raised.status).toBe(303);
    const concernId = Number(String(raised.headers.location).split('/').pop());
    expect((await post(ot, `/concerns/${concernId}/refer`)).status).toBe(303);
    expect(await student(former.id)).toMatchObject({
      status: 'referred',
      planType: 'none',
      planStart: null,
      annualReviewDue: null,
      exitedOn: null,
      exitReason: null,
    });
  });

  it('is the only time the student form allows "No plan yet"', async () => {
    const fields = {
      firstName: 'Rosa',
      lastName: 'Planless',
      gradeLevel: '2',
      schoolId: String(schoolId),
      planType: 'none',
      status: 'active',
    };
    const refused = await post(ot, '/students', fields);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('“No plan yet” is only for a student referred or being evaluated: choose their plan');
    expect(refused.text).toMatch(/id="field-planType-error"/);
    expect(refused.text).toContain('value="Planless"');
    expect((await post(ot, '/students', { ...fields, status: 'referred' })).status).toBe(303);
    expect((await post(ot, '/students', { ...fields, lastName: 'Evaluated', status: 'evaluating' })).status).toBe(303);
  });
});

describe('the assessments given', () => {
  it('are checked beside each field, keep what was typed, and can be removed', async () => {
    const studentId = await referred();
    const evalId = await started(studentId);
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    expect(page.text).toContain(formatDate(dueDate(parseDay(CONSENT)!, { kind: 'school', days: 45 })));
    expect(page.text).toContain('45 school days');
    expect(page.text).toContain('No assessments recorded yet.');

    const empty = await post(ot, `/evaluations/${evalId}/assessments`);
    expect(empty.status).toBe(422);
    for (const message of [
      'Enter the name of the assessment',
      'Enter the date it was given as a date',
      'Enter the scores',
      'Enter what the scores mean',
    ])
      expect(empty.text).toContain(message);
    expect(empty.text).toContain('id="assessment-meaning-error"');

    const jargon = await post(
      ot,
      `/evaluations/${evalId}/assessments`,
      assessment({ meaning: 'Weak visual-motor integration for his age.' }),
    );
    expect(jargon.status).toBe(422);
    expect(jargon.text).toContain(
      'Say it in plain words: instead of “visual-motor integration”, try “eye-hand coordination, like copying what is seen”',
    );
    expect(jargon.text).toContain('value="Handwriting sample"');
    expect(jargon.text).toContain('Weak visual-motor integration for his age.</textarea>');

    const early = await post(ot, `/evaluations/${evalId}/assessments`, assessment({ givenOn: day(-41) }));
    expect(early.status).toBe(422);
    expect(early.text).toContain('An assessment is given after consent to evaluate');
    const future = await post(ot, `/evaluations/${evalId}/assessments`, assessment({ givenOn: day(1) }));
    expect(future.text).toContain('The date it was given cannot be in the future');
    expect(await t.db.evaluationAssessment.count({ where: { evaluationId: evalId } })).toBe(0);

    expect((await post(ot, `/evaluations/${evalId}/assessments`, assessment())).status).toBe(303);
    const saved = await t.db.evaluationAssessment.findFirstOrThrow({ where: { evaluationId: evalId } });
    expect(saved).toMatchObject({ name: 'Handwriting sample', scores: '12 of 26 lowercase letters formed correctly' });
    expect((await ot.agent.get(`/evaluations/${evalId}`)).text).toContain('Most children his age write nearly all of them.');
    expect(await audits('student.evaluation.assessment_added', studentId)).toBe(1);

    expect((await post(ot, `/evaluations/${evalId}/assessments/${saved.id}/remove`)).status).toBe(303);
    expect(await t.db.evaluationAssessment.count({ where: { evaluationId: evalId } })).toBe(0);
    expect(await audits('student.evaluation.assessment_removed', studentId)).toBe(1);
    expect((await post(ot, `/evaluations/${evalId}/assessments/${saved.id}/remove`)).status).toBe(404);
  });
});

describe('the eligibility decision', () => {
  it('needs a yes or no and the meeting date; consent for services only when eligible', async () => {
    const evalId = await started(await referred());
    const empty = await post(ot, `/evaluations/${evalId}/decision`);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Choose whether the student is eligible for OT services');
    expect(empty.text).toContain('Enter the date of the eligibility meeting as a date');

    const notEligible = await post(ot, `/evaluations/${evalId}/decision`, {
      eligible: 'no',
      eligibilityMeetingOn: day(-5),
      servicesConsentOn: day(-4),
    });
    expect(notEligible.status).toBe(422);
    expect(notEligible.text).toContain('Consent for services is asked only when the student is eligible: leave this empty');
    expect(notEligible.text).toMatch(/value="no"\s+checked/);

    const before = await post(ot, `/evaluations/${evalId}/decision`, { eligible: 'yes', eligibilityMeetingOn: day(-50) });
    expect(before.text).toContain('The meeting comes after consent to evaluate');
    const consentFirst = await post(ot, `/evaluations/${evalId}/decision`, {
      eligible: 'yes',
      eligibilityMeetingOn: day(-5),
      servicesConsentOn: day(-6),
    });
    expect(consentFirst.text).toContain('Consent for services comes on or after the eligibility meeting');
    expect(await evaluation(evalId)).toMatchObject({ eligible: null, eligibilityMeetingOn: null });

    expect((await post(ot, `/evaluations/${evalId}/decision`, { eligible: 'yes', eligibilityMeetingOn: day(-5) })).status).toBe(303);
    expect(await evaluation(evalId)).toMatchObject({ eligible: true, servicesConsentOn: null });
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    expect(page.text).toContain('Eligible for OT services');
    expect(page.text).toContain('Record the family’s consent for services');
  });
});

describe('completing an evaluation', () => {
  it('lists what is missing, each linked to where it is done, writes nothing, then starts services', async () => {
    const studentId = await referred('Lena');
    const evalId = await started(studentId);
    const early = await post(ot, `/evaluations/${evalId}/complete`);
    expect(early.status).toBe(422);
    expect(early.text).toContain('Not completed. Still needed:');
    expect(early.text).toContain('<a href="#assessments">Record at least one assessment given</a>');
    expect(early.text).toContain('<a href="#step-family">Record the findings for talking with the family</a>');
    expect(early.text).toContain('<a href="#eligibility">Record the eligibility decision and its meeting date</a>');

    await readyToDecide(evalId, 'yes');
    const noPlan = await post(ot, `/evaluations/${evalId}/complete`);
    expect(noPlan.status).toBe(422);
    expect(noPlan.text).toContain('Choose the plan services start under');
    expect(noPlan.text).toContain('id="plan-planStart-error"');
    // Eligible: the service minutes and a goal come before services start.
    const plan = { planType: 'iep', planStart: day(-4), annualReviewDue: day(300), reevaluationDue: '' };
    const missing = await post(ot, `/evaluations/${evalId}/complete`, plan);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain(
      `<a href="/students/${studentId}#mandates">Add the service minutes (a mandate) on the student’s page</a>`,
    );
    expect(missing.text).toContain(`<a href="/students/${studentId}/goals/new">Add at least one goal</a>`);
    expect(missing.text).not.toContain('Record the findings');
    // What was typed stays, and the plan's start follows the family's consent for services.
    expect(missing.text).toMatch(/<option value="iep"\s+selected>/);
    expect(missing.text).toContain(`value="${day(300)}"`);

    const mandate = await post(ot, `/students/${studentId}/mandates`, {
      minutes: '30',
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: day(-3),
      endDate: day(200),
    });
    expect(mandate.status).toBe(303);
    await makeGoal(t.db, { studentId, area: 'handwriting', statement: 'will form lowercase letters so they can be read' });
    const tooEarly = await post(ot, `/evaluations/${evalId}/complete`, { ...plan, planStart: day(-4) });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.text).toContain('Services start on or after the family’s consent');
    expect(await evaluation(evalId)).toMatchObject({ completedAt: null });
    expect(await student(studentId)).toMatchObject({ status: 'evaluating', planType: 'none', planStart: null });

    const done = await post(ot, `/evaluations/${evalId}/complete`, { ...plan, planStart: day(-3) });
    expect(done.status).toBe(303);
    expect((await evaluation(evalId)).completedAt).not.toBeNull();
    const served = await student(studentId);
    expect(served).toMatchObject({ status: 'active', planType: 'iep' });
    expect(dayKey(served.planStart!)).toBe(day(-3));
    expect(dayKey(served.annualReviewDue!)).toBe(day(300));
    // No re-evaluation date typed: it stays as the form offered it, 3 years after the meeting.
    expect(await audits('student.evaluation.completed', studentId)).toBe(1);
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    expect(page.text).toContain('services started');
    expect(page.text).not.toContain('Add the assessment');
    expect((await post(ot, `/evaluations/${evalId}/assessments`, assessment())).status).toBe(409);
    expect((await post(ot, `/evaluations/${evalId}/complete`, plan)).status).toBe(409);
    expect((await ot.agent.get(`/students/${studentId}`)).text).toContain('Receiving services');
  });

  it('offers the re-evaluation 3 years after the eligibility meeting', async () => {
    const studentId = await referred('Theo');
    const evalId = await started(studentId);
    await readyToDecide(evalId, 'yes');
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    const threeYears = dayKey(addYears(parseDay(day(-5))!, 3));
    expect(page.text).toMatch(new RegExp(`name="reevaluationDue" type="date"\\s+value="${threeYears}"`));
  });

  it('for a student found not eligible closes the evaluation and exits them', async () => {
    const studentId = await referred('Maya');
    const evalId = await started(studentId);
    await readyToDecide(evalId, 'no');
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    expect(page.text).toContain('Everything is recorded.');
    expect(page.text).toContain('Complete: close the evaluation');
    expect((await post(ot, `/evaluations/${evalId}/complete`)).status).toBe(303);
    const exited = await student(studentId);
    expect(exited).toMatchObject({ status: 'exited', exitReason: 'Not eligible after evaluation', planType: 'none' });
    expect(dayKey(exited.exitedOn!)).toBe(day(-5));
    expect(await audits('student.evaluation.closed', studentId)).toBe(1);
    expect(await audits('student.exited', studentId)).toBe(1);
    expect((await ot.agent.get(`/evaluations/${evalId}`)).text).toContain('not eligible');
  });

  it('for a student receiving services who is no longer eligible, exits them with that reason', async () => {
    const studentId = await referred('Iris');
    await t.db.student.update({ where: { id: studentId }, data: { status: 'active', planType: 'iep' } });
    const evalId = await started(studentId);
    await readyToDecide(evalId, 'no');
    expect((await post(ot, `/evaluations/${evalId}/complete`)).status).toBe(303);
    expect(await student(studentId)).toMatchObject({ status: 'exited', exitReason: 'No longer eligible' });
  });

  it('writes nothing when the student was exited meanwhile', async () => {
    const studentId = await referred('Kai');
    const evalId = await started(studentId);
    await readyToDecide(evalId, 'no');
    await t.db.student.update({ where: { id: studentId }, data: { status: 'exited', exitReason: 'Moved to another district' } });
    expect((await post(ot, `/evaluations/${evalId}/complete`)).status).toBe(409);
    expect(await evaluation(evalId)).toMatchObject({ completedAt: null });
    expect(await student(studentId)).toMatchObject({ exitReason: 'Moved to another district' });
    expect(await audits('student.evaluation.closed', studentId)).toBe(0);
  });
});

describe('the summary and the family handout', () => {
  it('prints, downloads as a PDF (audited as an export), and the handout is in plain words', async () => {
    const studentId = await referred('Zoe');
    const evalId = await started(studentId);
    await readyToDecide(evalId, 'no');
    const summary = await ot.agent.get(`/evaluations/${evalId}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.text).toContain('OT evaluation summary');
    expect(summary.text).toContain('Handwriting sample');
    expect(summary.text).toContain('Most children his age write nearly all of them.');
    expect(summary.text).toContain('Not eligible for OT services');

    for (const who of [ot, admin]) {
      const pdf = await who.agent
        .get(`/evaluations/${evalId}/pdf`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(`attachment; filename="evaluation-${evalId}.pdf"`);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(pdf.body as Buffer)).toContain('What this means: Noah writes about half of his letters');
    }
    expect(await t.db.auditEvent.count({ where: { action: 'student.evaluation.export', targetId: String(evalId) } })).toBe(2);

    const handout = await ot.agent.get(`/evaluations/${evalId}/handout`);
    expect(handout.text).toContain('We talk with you.');
    const text = /<article[\s\S]*?<\/article>/
      .exec(handout.text)![0]
      .replace(/<p class="no-print">[\s\S]*?<\/p>/, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    const check = checkLanguage(text, 'family');
    expect(check.jargon).toEqual([]);
    expect(check.grade).not.toBeNull();
    expect(check.overTarget, `reading grade ${check.grade}`).toBe(false);
  });
});

describe('who may reach an evaluation', () => {
  it('another OT finds nothing; a teacher and an assistant are refused; an admin reads it', async () => {
    const studentId = await referred('Uma');
    const evalId = await started(studentId);
    await post(ot, `/evaluations/${evalId}/assessments`, assessment());
    const assessmentId = (await t.db.evaluationAssessment.findFirstOrThrow({ where: { evaluationId: evalId } })).id;
    const reads = ['', '/summary', '/pdf', '/handout'].map((p) => `/evaluations/${evalId}${p}`);
    const writes = ['/assessments', `/assessments/${assessmentId}/remove`, '/findings', '/decision', '/complete'].map(
      (p) => `/evaluations/${evalId}${p}`,
    );
    for (const path of reads) expect((await stranger.agent.get(path)).status, path).toBe(404);
    for (const path of writes) expect((await post(stranger, path, assessment())).status, path).toBe(404);
    for (const who of [teacher, assistant]) {
      for (const path of reads) expect((await who.agent.get(path)).status, path).toBe(403);
      for (const path of writes) expect((await post(who, path, assessment())).status, path).toBe(403);
    }
    expect((await post(stranger, `/students/${studentId}/evaluations`, { consentDate: CONSENT })).status).toBe(404);
    expect(await t.db.evaluationAssessment.count({ where: { evaluationId: evalId } })).toBe(1);

    const seen = await admin.agent.get(`/evaluations/${evalId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('Handwriting sample');
    expect(seen.text).not.toContain('Add the assessment');
    expect(seen.text).not.toContain('Complete the evaluation');
    expect((await post(admin, `/evaluations/${evalId}/decision`, { eligible: 'yes', eligibilityMeetingOn: day(-1) })).status).toBe(403);
  });

  it('is refused a bad consent date, or one in the future', async () => {
    const studentId = await referred();
    const bad = await post(ot, `/students/${studentId}/evaluations`, { consentDate: '2026-02-30' });
    expect(bad.status).toBe(303);
    const future = await post(ot, `/students/${studentId}/evaluations`, { consentDate: day(1) });
    expect(future.status).toBe(303);
    expect((await ot.agent.get(String(future.headers.location))).text).toContain('The date of consent cannot be in the future');
    expect(await t.db.evaluation.count({ where: { studentId } })).toBe(0);
  });
});
