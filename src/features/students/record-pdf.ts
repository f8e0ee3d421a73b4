// A student's whole record as a PDF a family can read: the same data as the JSON download, in
// plain words, drawn with pdfkit like the progress note's and the evaluation's PDFs. The last
// page says who has seen the record (the audit entries about the student).
import PDFDocument from 'pdfkit';
import { attendanceLabel, label, mandateWords, planLabel, statusLabel } from '../../labels.js';
import { formatDate, formatDateTimeIn, goalSentence, gradeLabel, minutesText, studentName, valueWords } from '../../web/view-helpers.js';
import type { StudentRecord } from './record.service.js';

const INK = '#1f2933';
const MUTED = '#4f5965';
const MARGIN = 54;

/** A moment as the district reads its clocks, with the zone's short name: "Nov 30, 2026, 3:05 PM EST". */
export function dateTimeIn(timeZone: string): (d: Date | null | undefined) => string {
  // Newer ICU puts a narrow no-break space before AM/PM, which the PDF's standard fonts cannot draw.
  return (d) => formatDateTimeIn(d, timeZone).replace(/[\u202f\u00a0]/g, ' ');
}

/** The record as a PDF; times are shown in `timeZone`, the district's (config TIME_ZONE). */
export function studentRecordPdf(record: StudentRecord, timeZone: string): Promise<Buffer> {
  const formatDateTime = dateTimeIn(timeZone);
  const s = record.Student;
  const who = studentName(s);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `The record of ${who}`, Subject: "A student's occupational therapy record" },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  const room = (needed: number) => {
    if (doc.y > bottom() - needed) doc.addPage();
  };
  const heading = (text: string) => {
    room(110);
    doc.moveDown(1).fillColor(INK).font('Helvetica-Bold').fontSize(13).text(text, MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  const sub = (text: string) => {
    room(60);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(text, MARGIN, doc.y, { width });
  };
  const para = (text: string, color = INK) =>
    doc.font('Helvetica').fontSize(10.5).fillColor(color).text(text, MARGIN, doc.y, { width, lineGap: 1 });
  const none = (text = 'None.') => para(text, MUTED);
  const facts = (list: [string, string][]) => {
    for (const [k, v] of list) {
      if (!v) continue;
      doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(`${k}: `, MARGIN, doc.y, { continued: true, width });
      doc.font('Helvetica').text(v, { width, lineGap: 1 });
    }
  };
  const bullets = (items: string[]) => {
    if (items.length === 0) none();
    else doc.font('Helvetica').fontSize(10.5).fillColor(INK).list(items, MARGIN, doc.y, { width, bulletRadius: 2, lineGap: 2 });
  };
  /** Rows of cells under a header row, each column at its own x; a long cell wraps within its column. */
  const table = (columns: { title: string; width: number }[], rows: string[][]) => {
    const line = (cells: string[], bold: boolean) => {
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(9.5)
        .fillColor(INK);
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 6 }));
      room(Math.max(...heights) + 4);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        doc.text(c, x, y, { width: columns[i]!.width - 6 });
        x += columns[i]!.width;
      });
      doc.x = MARGIN;
      doc.y = y + Math.max(...heights) + 3;
    };
    line(
      columns.map((c) => c.title),
      true,
    );
    for (const r of rows) line(r, false);
  };

  // The student.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(`The record of ${who}`, { width });
  doc.moveDown(0.2).font('Helvetica').fontSize(10.5).fillColor(MUTED);
  doc.text(`Everything Tandem holds about ${s.preferredName ?? s.firstName}, as of ${formatDateTime(record.exportedAt)}.`, { width });
  doc.text(`Prepared by ${record.exportedBy} at the family's request.`, { width });
  doc.moveDown(0.6);
  facts([
    ['School', s.school],
    ['District ID', s.districtId ?? ''],
    ['Grade', gradeLabel(s.gradeLevel)],
    ['Date of birth', formatDate(s.dateOfBirth)],
    ['Status', statusLabel(s.status)],
    ['Plan', planLabel(s.planType)],
    ['Plan started', formatDate(s.planStart)],
    ['Annual review due', formatDate(s.annualReviewDue)],
    ['Re-evaluation due', formatDate(s.reevaluationDue)],
    ['Exited', s.exitedOn ? `${formatDate(s.exitedOn)}${s.exitReason ? ` (${s.exitReason})` : ''}` : ''],
  ]);

  heading('Who works with the student');
  bullets([...record.StudentTherapist, ...record.StudentTeacher].map((m) => `${m.name}, ${m.role}`));

  heading('Service minutes in the plan');
  bullets(record.ServiceMandate.map((m) => `${mandateWords(m)}, from ${formatDate(m.startDate)} to ${formatDate(m.endDate)}`));
  if (record.ProgressReportDate.length) {
    sub('Progress reports due');
    para(record.ProgressReportDate.map((d) => formatDate(d.dueOn)).join(', '));
  }

  // Data from a voided session no longer counts: the latest data is the latest that does.
  const voided = new Set(record.SessionStudent.filter((r) => r.session.voidedAt).map((r) => r.id));
  heading('Goals');
  if (record.Goal.length === 0) none();
  for (const g of record.Goal) {
    sub(`${label('GoalArea', g.area)} (${label('GoalStatus', g.status).toLowerCase()})`);
    para(goalSentence(s, g.statement));
    const latest = g.dataPoints.filter((d) => !voided.has(d.sessionStudentId)).at(-1);
    facts([
      ['Started', `${valueWords(g.baselineValue, g.measurement)} on ${formatDate(g.baselineDate)}`],
      ['Target', `${g.targetCriterion} (${valueWords(g.targetValue, g.measurement)}) by ${formatDate(g.targetDate)}`],
      ['Latest data', latest ? `${valueWords(latest.value, g.measurement)} on ${formatDate(latest.date)}` : 'No data yet'],
      ['Steps on the way', g.objectives.map((o) => o.text).join('; ')],
      ['Changes of approach', g.changes.map((c) => `${c.label} (${formatDate(c.date)})`).join('; ')],
    ]);
  }

  heading('Sessions');
  if (record.SessionStudent.length === 0) none();
  else
    table(
      [
        { title: 'Date', width: 80 },
        { title: 'Minutes', width: 60 },
        { title: 'Attendance', width: 130 },
        { title: 'Provider', width: width - 270 },
      ],
      record.SessionStudent.map((r) => [
        formatDate(r.session.date),
        minutesText(r.minutes ?? r.session.minutes),
        r.session.voidedAt ? `${attendanceLabel(r.attendance)} (voided: entered in error)` : attendanceLabel(r.attendance),
        `${r.session.provider.name}, ${r.session.provider.credential}`,
      ]),
    );

  heading('Progress notes');
  bullets(
    record.ProgressNote.map(
      (n) =>
        `${n.title}: ${formatDate(n.periodStart)} to ${formatDate(n.periodEnd)}, ${label('NoteStatus', n.status).toLowerCase()}${n.finalizedAt ? ` on ${formatDate(n.finalizedAt)}` : ''}`,
    ),
  );

  heading('Evaluations');
  if (record.Evaluation.length === 0) none();
  for (const e of record.Evaluation) {
    sub(`Evaluation with consent on ${formatDate(e.consentDate)}`);
    facts([
      ['Due', `${formatDate(e.dueDate)} (${e.dueRule})`],
      ['Completed', formatDate(e.completedAt)],
      ['Eligible for services', e.eligible === null ? 'Not decided yet' : e.eligible ? 'Yes' : 'No'],
      ['Assessments', e.assessments.map((a) => `${a.name} (${formatDate(a.givenOn)})`).join('; ')],
    ]);
    for (const f of e.findings) facts([[label('EvaluationStep', f.step), f.findings]]);
  }

  heading('Classroom strategies');
  bullets(
    record.StudentStrategy.map((a) => {
      const said = a.feedback.map((f) => `${f.teacher}: ${f.tried ? 'tried it' : 'not tried'}, helped: ${f.helped.replace('_', ' ')}`);
      return `${a.title}${a.active ? '' : ' (removed)'}, from ${formatDate(a.createdAt)}${said.length ? `. ${said.join('; ')}` : ''}`;
    }),
  );

  heading("Teachers' concerns");
  bullets(
    record.Concern.map(
      (c) =>
        `${formatDate(c.createdAt)}, from ${c.teacher} (${label('ConcernStatus', c.status).toLowerCase()}): ${c.example}${c.messages.length ? ` (${c.messages.length} message${c.messages.length === 1 ? '' : 's'})` : ''}`,
    ),
  );

  doc.addPage();
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(15).text('Who has seen this record', { width });
  doc.moveDown(0.2);
  para('Every time someone at the district opened, changed or downloaded part of this record, newest last.', MUTED);
  doc.moveDown(0.5);
  if (record.AuditEvent.length === 0) none();
  else
    table(
      [
        { title: 'When', width: 150 },
        { title: 'Who', width: 130 },
        { title: 'What', width: width - 280 },
      ],
      record.AuditEvent.map((e) => [formatDateTime(e.at), e.who, e.what]),
    );

  // Page numbers, in the bottom margin of each page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(MUTED)
      .text(`${who}, page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 6, { width, align: 'center' });
  }
  doc.end();
  return done;
}
