import { Router } from 'express';
import type { Response } from 'express';
import { addDays, dayKey, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import { Conflict } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm, versionOf } from '../../web/validation.js';
import { formatDate } from '../../web/view-helpers.js';
import { activeCodes } from '../progress/codes.service.js';
import { editableStudent } from '../students/students.write.js';
import { justEndedPeriod } from '../admin/periods.service.js';
import { nextInBatch } from './batches.service.js';
import { notePdf } from './note-pdf.js';
import { newNoteForm, goalCodeFields, noteTextForm } from './notes.schema.js';
import { correctNote, createDraft, finalizeNote, getNote, noteCharts, saveNote, shareNote } from './notes.service.js';
import type { NoteDetail, NoteEdit } from './notes.service.js';
import { checkLanguage } from './plain-language.js';
import { noteDocument } from './note-document.js';

export function noteRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/students/:id/notes/new', allow('note.prepare'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'note.prepare');
    const now = today(ctx.config.timeZone);
    // The district's period that has just ended; without periods, the student's report dates up to today.
    const period = await justEndedPeriod(ctx.db, now);
    const dates = student.reportDates.map((r) => r.dueOn);
    const before = [...dates].reverse().find((d) => d < now);
    render(res, 'notes/new', {
      title: 'Draft a progress note',
      student,
      values: period
        ? {
            title: `${period.name}, ${formatDate(period.endDate)}`,
            periodStart: dayKey(period.startDate),
            periodEnd: dayKey(period.endDate),
          }
        : {
            title: `Progress report, ${formatDate(now)}`,
            periodStart: dayKey(before ?? student.planStart ?? addDays(now, -90)),
            periodEnd: dayKey(now),
          },
      errors: {},
    });
  });

  router.post('/students/:id/notes', allow('note.prepare'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'note.prepare');
    const form = parseForm(newNoteForm, req.body);
    if (!form.ok)
      return render(
        res,
        'notes/new',
        { title: 'Draft a progress note', student, values: form.values, errors: form.errors },
        { status: 422 },
      );
    const noteId = await createDraft(ctx.db, callerOf(req), student.id, form.data);
    flash(req, 'success', 'A draft is ready, written from the data. Read it through, change what you like, then finalise it.');
    res.redirect(303, `/notes/${noteId}/edit`);
  });

  router.get('/notes/:id', allow('note.view'), async (req, res) => {
    const note = await getNote(ctx.db, callerOf(req), idParam(req.params.id));
    // The note as a document: a part per goal with its code and graph; the family version without graphs.
    const graphs = await noteCharts(ctx.db, note);
    render(res, 'notes/show', {
      title: note.title,
      note,
      teacher: noteDocument(note.teacherText, note.goals, graphs),
      family: noteDocument(note.familyText, note.goals, null),
    });
  });

  /** The finalised note as a PDF with its graphs; a teacher's copy has the teacher version only. */
  router.get('/notes/:id/pdf', allow('note.export'), async (req, res) => {
    const caller = callerOf(req);
    const note = await getNote(ctx.db, caller, idParam(req.params.id), 'note.export');
    if (note.status !== 'final') throw new Conflict('A PDF is made once the note is finalised.');
    const pdf = await notePdf(note, await noteCharts(ctx.db, note), can(caller.user, 'note.family'));
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="progress-note-${note.id}.pdf"`).send(pdf);
  });

  router.get('/notes/:id/edit', allow('note.prepare'), async (req, res) => {
    const note = await getNote(ctx.db, callerOf(req), idParam(req.params.id), 'note.prepare');
    if (note.status !== 'draft') return res.redirect(303, `/notes/${note.id}`);
    await editor(res, note, valuesOf(note), {});
  });

  /** Save (no JavaScript) and autosave (htmx, every pause in typing) share one handler. */
  const save = async (req: Parameters<Parameters<typeof router.post>[1]>[0], res: Response, auto: boolean) => {
    const caller = callerOf(req);
    const note = await getNote(ctx.db, caller, idParam(req.params.id), 'note.prepare');
    const parsed = editOf(note, req.body);
    if (!parsed.ok) {
      if (auto)
        return render(
          res,
          'notes/_checks',
          {
            ...checksFor(String(parsed.values.teacherText ?? ''), String(parsed.values.familyText ?? '')),
            saved: null,
            problem: Object.values(parsed.errors).join('; '),
          },
          { status: 422 },
        );
      return editor(res, note, parsed.values, parsed.errors, 422);
    }
    const { edit } = parsed;
    try {
      const version = await saveNote(ctx.db, caller, note.id, edit);
      if (auto)
        return render(res, 'notes/_checks', { ...checksFor(edit.teacherText, edit.familyText), saved: new Date(), version, problem: null });
      flash(req, 'success', 'Saved.');
      res.redirect(303, `/notes/${note.id}/edit`);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = await getNote(ctx.db, caller, note.id, 'note.prepare');
      if (auto)
        return render(
          res,
          'notes/_checks',
          { ...checksFor(edit.teacherText, edit.familyText), saved: null, problem: error.message },
          { status: 409 },
        );
      return editor(res, current, { ...parsed.values, version: current.version }, {}, 409, error.message);
    }
  };

  router.post('/notes/:id', allow('note.prepare'), (req, res) => save(req, res, false));
  router.post('/notes/:id/autosave', allow('note.prepare'), (req, res) => save(req, res, true));

  router.post('/notes/:id/finalize', allow('note.finalize'), async (req, res) => {
    const caller = callerOf(req);
    const note = await getNote(ctx.db, caller, idParam(req.params.id), 'note.finalize');
    // The editor posts what is on the screen: it is checked, saved and finalised together. A bare
    // Finalise (only the version, from an older page) finalises what was saved.
    const posted = typeof req.body === 'object' && req.body !== null && 'teacherText' in req.body ? editOf(note, req.body) : null;
    if (posted && !posted.ok) return editor(res, note, posted.values, posted.errors, 422);
    try {
      const finalized = await attempt(() => finalizeNote(ctx.db, caller, note.id, versionOf(req.body), posted?.edit));
      if (!finalized.ok) return editor(res, note, posted ? posted.values : valuesOf(note), finalized.errors, 422);
    } catch (error) {
      if (!(error instanceof Conflict) || !posted) throw error;
      const current = await getNote(ctx.db, caller, note.id, 'note.finalize');
      return editor(res, current, { ...posted.values, version: current.version }, {}, 409, error.message);
    }
    flash(req, 'success', 'Finalised. The note is locked; share it with the teachers when you are ready.');
    res.redirect(303, `/notes/${note.id}`);
  });

  router.post('/notes/:id/correct', allow('note.finalize'), async (req, res) => {
    const copyId = await correctNote(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'info', 'This is a correction: a new version of the note. The finalised one stays in the history.');
    res.redirect(303, `/notes/${copyId}/edit`);
  });

  router.post('/notes/:id/share', allow('note.finalize'), async (req, res) => {
    const noteId = idParam(req.params.id);
    await shareNote(ctx.db, callerOf(req), noteId);
    flash(req, 'success', "Shared: the student's teachers can read the teacher version now.");
    res.redirect(303, `/notes/${noteId}`);
  });

  async function editor(
    res: Response,
    note: NoteDetail,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    status = 200,
    conflict: string | null = null,
  ) {
    const [codes, nextId] = await Promise.all([activeCodes(ctx.db), nextInBatch(ctx.db, note.id, note.batchId)]);
    const checks = checksFor(String(values.teacherText ?? ''), String(values.familyText ?? ''));
    render(
      res,
      'notes/edit',
      { title: `Edit: ${note.title}`, note, codes, values, errors, conflict, nextId, ...checks, saved: null, problem: null },
      { status },
    );
  }

  return router;
}

/** The editor's fields as an edit of the note, or the errors to show beside them. */
function editOf(note: NoteDetail, body: unknown) {
  const text = parseForm(noteTextForm, body);
  const codes = parseForm(goalCodeFields(note.goals.map((g) => g.goalId)), body);
  const values = { ...text.values, ...codes.values };
  if (!text.ok || !codes.ok)
    return { ok: false as const, values, errors: { ...(text.ok ? {} : text.errors), ...(codes.ok ? {} : codes.errors) } };
  const edit: NoteEdit = {
    teacherText: text.data.teacherText,
    familyText: text.data.familyText,
    version: text.data.version,
    codes: Object.fromEntries(note.goals.map((g) => [g.goalId, codes.data[`code_${g.goalId}`] as number | null])),
    reasons: Object.fromEntries(note.goals.map((g) => [g.goalId, codes.data[`reason_${g.goalId}`] as string])),
  };
  return { ok: true as const, values, edit };
}

function checksFor(teacherText: string, familyText: string) {
  return { teacherCheck: checkLanguage(teacherText, 'teacher'), familyCheck: checkLanguage(familyText, 'family') };
}

function valuesOf(note: NoteDetail): Record<string, unknown> {
  const values: Record<string, unknown> = { teacherText: note.teacherText, familyText: note.familyText, version: String(note.version) };
  for (const g of note.goals) {
    values[`code_${g.goalId}`] = g.codeId === null ? '' : String(g.codeId);
    values[`reason_${g.goalId}`] = g.reason;
  }
  return values;
}
