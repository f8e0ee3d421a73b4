// A finalised progress note as a PDF, with each goal's graph, to attach to a district's IEP
// system. The graphs are drawn from the same view model as the page (d3's path strings).
import PDFDocument from 'pdfkit';
import { formatDate } from '../../web/view-helpers.js';
import { plainAreaLabel } from '../goals/goal-areas.js';
import type { GoalChart } from '../progress/progress.chart.js';
import type { NoteDetail } from './notes.service.js';

const INK = '#1f2933';
const MUTED = '#4f5965';

export function notePdf(
  note: NoteDetail,
  charts: Map<number, { chart: GoalChart; caption: string }>,
  includeFamily: boolean,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: { Title: note.title, Author: note.createdBy.name, Subject: 'Occupational therapy progress note' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 108;
  const name = `${note.student.preferredName ?? note.student.firstName} ${note.student.lastName}`;

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(note.title);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      `${name} · ${formatDate(note.periodStart)} to ${formatDate(note.periodEnd)} · finalised ${formatDate(note.finalizedAt)} by ${note.createdBy.name}`,
    );
  doc.moveDown(1).fillColor(INK).font('Helvetica-Bold').fontSize(13).text('For the teacher');
  doc.moveDown(0.4).font('Helvetica').fontSize(11).text(note.teacherText, { width, lineGap: 2 });

  for (const ng of note.goals) {
    const entry = charts.get(ng.goalId);
    if (!entry) continue;
    if (doc.y > doc.page.height - 300) doc.addPage();
    doc
      .moveDown(1)
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor(INK)
      .text(`${plainAreaLabel(ng.goal.area)}: ${ng.code?.label ?? 'no code'}`);
    if (ng.reason) doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(`Reason: ${ng.reason}`);
    drawChart(doc, entry.chart, width);
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(entry.caption, { width });
  }

  if (includeFamily) {
    doc.addPage();
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(`For the family of ${name}`);
    doc.moveDown(0.4).font('Helvetica').fontSize(12).text(note.familyText, { width, lineGap: 3 });
  }
  doc.end();
  return done;
}

function drawChart(doc: PDFKit.PDFDocument, c: GoalChart, width: number) {
  const scale = width / c.width;
  const top = doc.y + 6;
  doc.save().translate(54, top).scale(scale);
  doc.lineWidth(0.5).strokeColor('#d5dbe3');
  for (const t of c.yTicks) {
    doc
      .moveTo(c.left, t.y)
      .lineTo(c.width - c.right, t.y)
      .stroke();
    doc
      .fillColor(MUTED)
      .fontSize(15)
      .text(t.label, 0, t.y - 7, { width: c.left - 8, align: 'right' });
  }
  for (const t of c.xTicks)
    doc
      .fillColor(MUTED)
      .fontSize(15)
      .text(t.label, t.x - 40, c.height - c.bottom + 10, { width: 80, align: 'center' });
  // The axes and their titles, as on the page: the goal's measure with its unit, and the date.
  doc
    .lineWidth(1)
    .strokeColor('#8a94a0')
    .moveTo(c.left, c.top)
    .lineTo(c.left, c.height - c.bottom)
    .lineTo(c.width - c.right, c.height - c.bottom)
    .stroke();
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(16);
  doc.text(c.xTitle, c.left, c.height - 22, { width: c.width - c.right - c.left, align: 'center' });
  doc.save().rotate(-90, { origin: [10, (c.top + c.height - c.bottom) / 2] });
  doc.text(c.yTitle, 10 - 150, (c.top + c.height - c.bottom) / 2 - 8, { width: 300, align: 'center' });
  doc.restore().font('Helvetica');
  for (const ch of c.changes)
    doc
      .lineWidth(1)
      .strokeColor('#4a3b8f')
      .dash(3, { space: 3 })
      .moveTo(ch.x, c.top)
      .lineTo(ch.x, c.height - c.bottom)
      .stroke()
      .undash();
  doc
    .lineWidth(2)
    .strokeColor('#0d3c78')
    .dash(6, { space: 4 })
    .path(c.aimPath ?? '')
    .stroke()
    .undash();
  if (c.trendPath) doc.lineWidth(2).strokeColor('#8e1b12').dash(2, { space: 3 }).path(c.trendPath).stroke().undash();
  if (c.dataPath) doc.lineWidth(2).strokeColor('#1b5e20').path(c.dataPath).stroke();
  for (const d of c.dots) doc.circle(d.x, d.y, 3.5).fill('#1b5e20');
  doc.rect(c.baseline.x - 5, c.baseline.y - 5, 10, 10).fill('#4a3b8f');
  doc
    .polygon([c.target.x - 6, c.target.y], [c.target.x, c.target.y - 6], [c.target.x + 6, c.target.y], [c.target.x, c.target.y + 6])
    .fill('#b3261e');
  doc.restore();
  doc.y = top + c.height * scale + 8;
  doc.x = 54;
}
