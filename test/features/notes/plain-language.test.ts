import { describe, expect, it } from 'vitest';
import { checkLanguage, findJargon, glossary, readingGrade, vagueParagraphs } from '../../../src/features/notes/plain-language.js';

describe('plain-language checks', () => {
  it('know at least 40 clinical terms, each with a plain phrase', () => {
    expect(new Set(glossary.map((g) => g.term.toLowerCase())).size).toBeGreaterThanOrEqual(40);
    for (const g of glossary) expect(g.plain.length).toBeGreaterThan(3);
  });

  it('find clinical terms, longest match first, any case', () => {
    const found = findJargon('Work on Visual-Motor Integration and proprioceptive input; more proprioceptive breaks.');
    expect(found.map((f) => [f.term, f.count])).toEqual([
      ['visual-motor integration', 1],
      ['proprioceptive', 2],
    ]);
    expect(findJargon('Ava wrote her name neatly.')).toEqual([]);
  });

  it('measure the reading grade: short plain sentences score low, long clinical ones high', () => {
    const plain =
      'Ava can write her name. She writes six of ten letters well. She likes to use the big pencil. We will keep working on small letters.';
    const dense =
      'Demonstrates emerging proficiency in graphomotor execution, exhibiting inconsistent visual-motor integration, necessitating intermittent verbal and gestural prompting to achieve approximately sixty percent legibility.';
    expect(readingGrade(plain)).toBeLessThan(4);
    expect(readingGrade(dense)).toBeGreaterThan(12);
    expect(readingGrade('Too short.')).toBeNull();
  });

  it('flag a progress statement with no number, date or criterion', () => {
    expect(vagueParagraphs('Ava is making great progress.\n\nAva formed 8 of 10 letters on Nov 20.')).toEqual([
      'Ava is making great progress.',
    ]);
    expect(vagueParagraphs('Ava improved from 4 to 8 letters.')).toEqual([]);
  });

  it('hold teachers to grade 8 and families to grade 6', () => {
    const text =
      'Demonstrates emerging proficiency in graphomotor execution, exhibiting inconsistent visual-motor integration, necessitating intermittent verbal and gestural prompting.';
    expect(checkLanguage(`${text} ${text}`, 'teacher')).toMatchObject({ target: 8, overTarget: true });
    expect(checkLanguage(`${text} ${text}`, 'family').target).toBe(6);
  });
});
