// The inline check of one form field on blur (htmx), with the form's own schema: the message
// the user sees is exactly the one the submit would give. Used by every form that offers it.
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { BadRequest } from './errors.js';
import { render } from './render.js';
import { parseForm } from './validation.js';

export type FieldLook = { label: string; type?: string; maxlength?: number; autocomplete?: string; hint?: string; inputmode?: string };

export function fieldCheck(schema: z.ZodObject, fields: Record<string, FieldLook>, url: string): RequestHandler {
  return (req, res) => {
    const field = req.get('HX-Trigger-Name') ?? '';
    const look = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!look) throw new BadRequest();
    const form = parseForm(schema, req.body);
    render(res, 'partials/_field', {
      ...look,
      name: field,
      value: form.values[field],
      error: form.ok ? null : form.errors[field],
      check: url,
    });
  };
}
