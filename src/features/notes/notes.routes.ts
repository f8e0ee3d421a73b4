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
import { nextInBatch } from './batches.service.js';
import { notePdf } from './note-pdf.js';
import { newNoteForm, goalCodeFields, noteTextForm } from './notes.schema.js';
import { correctNote, createDraft, finalizeNote, getNote, noteCharts, saveNote, shareNote } from './notes.service.js';
import type { NoteDetail } from './notes.service.js';
import { checkLanguage } from './plain-language.js';

export function noteRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/students/:id/notes/new', allow('note.draft'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'note.draft');
    const dates = student.reportDates.map((r) => r.dueOn);
    const now = today(ctx.config.timeZone);
    const next = dates.find((d) => d >= now) ?? now;
    const before = [...dates].reverse().find((d) => d < next);
    render(res, 'notes/new', {
      title: 'Draft a progress note',
      student,
      values: {
        title: `Progress report, ${formatDate(next)}`,
        periodStart: dayKey(before ?? student.planStart ?? addDays(now, -90)),
        periodEnd: dayKey(next),
      },
      errors: {},
    });
  });

  router.post('/students/:id/notes', allow('note.draft'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'note.draft');
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
    render(res, 'notes/show', { title: note.title, note });
  });

  /** The finalised note as a PDF with its graphs; a teacher's copy has the teacher version only. */
  router.get('/notes/:id/pdf', allow('note.export'), async (req, res) => {
    const caller = callerOf(req);
    const note = await getNote(ctx.db, caller, idParam(req.params.id), 'note.export');
    if (note.status !== 'final') throw new Conflict('A PDF is made once the note is finalised.');
    const pdf = await notePdf(note, await noteCharts(ctx.db, note), can(caller.user, 'note.family'));
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="progress-note-${note.id}.pdf"`).send(pdf);
  });

  router.get('/notes/:id/edit', allow('note.draft'), async (req, res) => {
    const note = await getNote(ctx.db, callerOf(req), idParam(req.params.id), 'note.draft');
    if (note.status !== 'draft') return res.redirect(303, `/notes/${note.id}`);
    await editor(res, note, valuesOf(note), {});
  });

  /** Save (no JavaScript) and autosave (htmx, every pause in typing) share one handler. */
  const save = async (req: Parameters<Parameters<typeof router.post>[1]>[0], res: Response, auto: boolean) => {
    const caller = callerOf(req);
    const note = await getNote(ctx.db, caller, idParam(req.params.id), 'note.draft');
    const text = parseForm(noteTextForm, req.body);
    const codes = parseForm(goalCodeFields(note.goals.map((g) => g.goalId)), req.body);
    if (!text.ok || !codes.ok) {
      const errors = { ...(text.ok ? {} : text.errors), ...(codes.ok ? {} : codes.errors) };
      if (auto)
        return render(
          res,
          'notes/_checks',
          {
            ...checksFor(String(text.values.teacherText ?? ''), String(text.values.familyText ?? '')),
            saved: null,
            problem: Object.values(errors).join('; '),
          },
          { status: 422 },
        );
      return editor(res, note, { ...text.values, ...codes.values }, errors, 422);
    }
    const edit = {
      teacherText: text.data.teacherText,
      familyText: text.data.familyText,
      version: text.data.version,
      codes: Object.fromEntries(note.goals.map((g) => [g.goalId, codes.data[`code_${g.goalId}`] as number | null])),
      reasons: Object.fromEntries(note.goals.map((g) => [g.goalId, codes.data[`reason_${g.goalId}`] as string])),
    };
    try {
      const version = await saveNote(ctx.db, caller, note.id, edit);
      if (auto)
        return render(res, 'notes/_checks', { ...checksFor(edit.teacherText, edit.familyText), saved: new Date(), version, problem: null });
      flash(req, 'success', 'Saved.');
      res.redirect(303, `/notes/${note.id}/edit`);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = await getNote(ctx.db, caller, note.id, 'note.draft');
      if (auto)
        return render(
          res,
          'notes/_checks',
          { ...checksFor(edit.teacherText, edit.familyText), saved: null, problem: error.message },
          { status: 409 },
        );
      return editor(res, current, { ...text.values, ...codes.values, version: current.version }, {}, 409, error.message);
    }
  };

  router.post('/notes/:id', allow('note.draft'), (req, res) => save(req, res, false));
  router.post('/notes/:id/autosave', allow('note.draft'), (req, res) => save(req, res, true));

  router.post('/notes/:id/finalize', allow('note.finalize'), async (req, res) => {
    const caller = callerOf(req);
    const noteId = idParam(req.params.id);
    await getNote(ctx.db, caller, noteId, 'note.finalize');
    const finalized = await attempt(() => finalizeNote(ctx.db, caller, noteId, versionOf(req.body)));
    if (!finalized.ok) {
      const note = await getNote(ctx.db, caller, noteId, 'note.finalize');
      return editor(res, note, valuesOf(note), finalized.errors, 422);
    }
    flash(req, 'success', 'Finalised. The note is locked; share it with the teachers when you are ready.');
    res.redirect(303, `/notes/${noteId}`);
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
