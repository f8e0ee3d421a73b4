// Plain-language checks for progress notes: clinical terms with a plain phrase to use instead,
// the reading level (Flesch-Kincaid grade), and progress statements too vague to be useful.
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { LRUCache } from 'lru-cache';

/** Clinical terms a teacher or family may not know, and what to say instead. Written by us. */
export const glossary: { term: string; plain: string }[] = [
  { term: 'proprioception', plain: 'sense of where the body is and how it moves' },
  { term: 'proprioceptive', plain: 'body-position (heavy work like pushing or carrying)' },
  { term: 'vestibular', plain: 'balance and movement sense' },
  { term: 'bilateral coordination', plain: 'using both hands or sides of the body together' },
  { term: 'visual-motor integration', plain: 'eye-hand coordination, like copying what is seen' },
  { term: 'visual motor integration', plain: 'eye-hand coordination, like copying what is seen' },
  { term: 'visual perception', plain: 'making sense of what is seen' },
  { term: 'visual discrimination', plain: 'noticing how things look alike or different' },
  { term: 'figure-ground', plain: 'finding one thing on a busy page' },
  { term: 'in-hand manipulation', plain: 'moving small things within one hand' },
  { term: 'praxis', plain: 'planning and doing new movements' },
  { term: 'dyspraxia', plain: 'difficulty planning new movements' },
  { term: 'motor planning', plain: 'working out how to do a new movement' },
  { term: 'fine motor', plain: 'hand and finger skills' },
  { term: 'gross motor', plain: 'large movements like running, jumping and climbing' },
  { term: 'graphomotor', plain: 'handwriting movements' },
  { term: 'tripod grasp', plain: 'holding the pencil with thumb and two fingers' },
  { term: 'dynamic tripod', plain: 'a mature pencil grip that moves the fingers' },
  { term: 'palmar grasp', plain: 'holding the pencil in a fist' },
  { term: 'pincer grasp', plain: 'picking up small things with thumb and finger' },
  { term: 'hand dominance', plain: 'which hand the student writes with' },
  { term: 'midline', plain: 'the middle of the body' },
  { term: 'crossing midline', plain: 'reaching across the body' },
  { term: 'sensory modulation', plain: 'keeping a steady, calm-and-alert level' },
  { term: 'sensory processing', plain: 'how the body takes in sounds, touch and movement' },
  { term: 'sensory integration', plain: 'how the body makes sense of sounds, touch and movement' },
  { term: 'sensory diet', plain: 'a plan of movement and calming activities through the day' },
  { term: 'tactile defensiveness', plain: 'strong dislike of certain textures or touch' },
  { term: 'tactile', plain: 'touch' },
  { term: 'auditory', plain: 'hearing and sounds' },
  { term: 'hyperresponsive', plain: 'reacts strongly to' },
  { term: 'hyporesponsive', plain: 'may not notice' },
  { term: 'self-regulation', plain: 'staying calm and ready to learn' },
  { term: 'dysregulated', plain: 'upset or not calm' },
  { term: 'arousal level', plain: 'how alert or calm the student is' },
  { term: 'postural control', plain: 'sitting or standing steadily' },
  { term: 'core stability', plain: 'strength in the belly and back for sitting up' },
  { term: 'muscle tone', plain: 'how firm or floppy the muscles feel at rest' },
  { term: 'hypotonia', plain: 'low muscle tone (floppy muscles)' },
  { term: 'ocular motor', plain: 'eye movements' },
  { term: 'oculomotor', plain: 'eye movements' },
  { term: 'executive function', plain: 'planning, organising and getting started' },
  { term: 'ADLs', plain: 'daily routines like dressing and eating' },
  { term: 'activities of daily living', plain: 'daily routines like dressing and eating' },
  { term: 'motor coordination', plain: 'moving smoothly and in control' },
  { term: 'kinesthetic', plain: 'sense of movement' },
  { term: 'hand-eye coordination', plain: 'eye-hand coordination' },
  // Prompt levels and progress-monitoring words: precise on the therapist's own pages, clinical in
  // a teacher's or family's copy (the help itself reads as in drafting.ts: "a spoken reminder").
  { term: 'prompt level', plain: 'how much help is needed' },
  { term: 'gestural prompt', plain: 'a pointing gesture' },
  { term: 'gestural', plain: 'pointing or a gesture' },
  { term: 'verbal prompt', plain: 'a spoken reminder' },
  { term: 'visual prompt', plain: 'a picture or written cue' },
  { term: 'model prompt', plain: 'being shown how first' },
  { term: 'physical prompt', plain: 'hands-on help' },
  { term: 'partial physical', plain: 'some hands-on help' },
  { term: 'full physical', plain: 'full hands-on help' },
  { term: 'aim line', plain: 'the planned pace toward the goal' },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clinical terms found in a text, longest first so "visual-motor integration" wins over "visual". */
export function findJargon(text: string): { term: string; plain: string; count: number }[] {
  const found: { term: string; plain: string; count: number }[] = [];
  let rest = text;
  for (const entry of [...glossary].sort((a, b) => b.term.length - a.term.length)) {
    const pattern = new RegExp(`\\b${escape(entry.term)}\\b`, entry.term === 'ADLs' ? 'g' : 'gi');
    const matches = rest.match(pattern);
    if (matches) {
      found.push({ ...entry, count: matches.length });
      rest = rest.replace(pattern, ' ');
    }
  }
  return found;
}

/** The Flesch-Kincaid grade of a text, rounded to one decimal; null for a text too short to judge. */
export function readingGrade(text: string): number | null {
  const words = text.match(/[A-Za-z]+(?:'[A-Za-z]+)?/g) ?? [];
  if (words.length < 20) return null;
  const sentences = Math.max(1, text.split(/[.!?]+(?:\s|$)|\n{2,}/).filter((s) => /[A-Za-z]/.test(s)).length);
  const syllables = words.reduce((sum, w) => sum + Math.max(1, syllable(w)), 0);
  return Math.max(0, Math.round(fleschKincaid({ sentence: sentences, word: words.length, syllable: syllables }) * 10) / 10);
}

const progressWords = /\b(progress\w*|improv\w*|better|doing well|great job|working hard|gains?|growing|grown)\b/i;

/** Paragraphs that speak of progress without a number, a date or the criterion. */
export function vagueParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && progressWords.test(p) && !/\d/.test(p));
}

export type LanguageCheck = {
  grade: number | null;
  target: number;
  overTarget: boolean;
  jargon: { term: string; plain: string; count: number }[];
  vague: string[];
};

/**
 * The checks of the texts last checked: the note editor shows them on every render and every
 * autosave, and a text's checks change only when the text does (they take a few milliseconds for
 * a long note: syllables are counted word by word).
 */
const checked = new LRUCache<string, LanguageCheck>({ max: 500 });

export function checkLanguage(text: string, audience: 'teacher' | 'family'): LanguageCheck {
  const key = `${audience}:${text}`;
  const known = checked.get(key);
  if (known) return known;
  const check = checkText(text, audience);
  checked.set(key, check);
  return check;
}

function checkText(text: string, audience: 'teacher' | 'family'): LanguageCheck {
  const target = audience === 'teacher' ? 8 : 6;
  const grade = readingGrade(text);
  return { grade, target, overTarget: grade !== null && grade > target, jargon: findJargon(text), vague: vagueParagraphs(text) };
}
