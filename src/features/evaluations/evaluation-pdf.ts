// The evaluation summary as a PDF, to attach to a district's IEP system: the same view model as
// the print view (evaluation-summary.ts), drawn with pdfkit like the progress note's PDF.
import PDFDocument from 'pdfkit';
import type { EvaluationSummary, Fact } from './evaluation-summary.js';

const INK = '#1f2933';
const MUTED = '#4f5965';
const MARGIN = 54;

export function evaluationPdf(summary: EvaluationSummary): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: { Title: `${summary.title}: ${summary.student}`, Subject: 'Occupational therapy evaluation summary' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(1).fillColor(INK).font('Helvetica-Bold').fontSize(13).text(text, { width });
    doc.moveDown(0.3);
  };
  const facts = (list: Fact[]) => {
    for (const f of list)
      doc
        .font('Helvetica-Bold')
        .fontSize(10.5)
        .fillColor(INK)
        .text(`${f.label}: `, { continued: true, width })
        .font('Helvetica')
        .text(f.value, { width, lineGap: 1 });
  };
  const bullets = (items: string[]) => {
    if (items.length === 0) doc.font('Helvetica').fontSize(10.5).fillColor(MUTED).text('None.', { width });
    else doc.font('Helvetica').fontSize(10.5).fillColor(INK).list(items, { width, bulletRadius: 2, lineGap: 2 });
  };

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(summary.title, { width });
  doc.moveDown(0.2).font('Helvetica').fontSize(12).fillColor(MUTED).text(summary.student, { width });
  doc.moveDown(0.6);
  facts(summary.about);

  heading('Assessments given');
  if (summary.assessments.length === 0) doc.font('Helvetica').fontSize(10.5).fillColor(MUTED).text('None recorded.', { width });
  for (const a of summary.assessments) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(`${a.name} (${a.givenOn})`, { width });
    facts([
      { label: 'Scores', value: a.scores },
      { label: 'What this means', value: a.meaning },
    ]);
  }

  heading('Findings');
  for (const f of summary.findings) {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(f.title, { width });
    doc.font('Helvetica').fontSize(10.5).text(f.text, { width, lineGap: 1 });
  }

  heading('Eligibility');
  facts(summary.decision);
  if (summary.closed) doc.moveDown(0.4).font('Helvetica').fontSize(10.5).fillColor(INK).text(summary.closed, { width });

  if (summary.plan) {
    heading('Services');
    facts(summary.plan.facts);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Service minutes', { width });
    bullets(summary.plan.minutes);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Goals', { width });
    bullets(summary.plan.goals);
  }
  doc.end();
  return done;
}
