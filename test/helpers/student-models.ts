// The tables that refer to a student, read from prisma/schema.prisma itself, so a table added later
// that holds a student's rows fails the tests of the whole-record features (export, deletion)
// until they take it along.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each model with a relation to Student, and the field holding the student's id. */
export function modelsReferringToStudent(): { model: string; field: string }[] {
  const schema = readFileSync(join(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
  const found: { model: string; field: string }[] = [];
  for (const block of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, model, body] = block;
    for (const m of body!.matchAll(/^\s*\w+\s+Student\??\s+@relation\(([^)]*)\)/gm)) {
      const field = /fields:\s*\[(\w+)\]/.exec(m[1]!)?.[1];
      if (field) found.push({ model: model!, field });
    }
  }
  return found;
}
