// Goal areas and measurement types: the words come from labels.ts; this adds each area's
// group (for the form's optgroups) and each measurement's scale.
import type { GoalArea, Measurement } from '../../generated/prisma/enums.js';
import { areaLabel, choices } from '../../labels.js';

export { areaLabel };

const areaGroups: Record<GoalArea, string> = {
  handwriting: 'Hand skills and school work',
  scissors: 'Hand skills and school work',
  grasp: 'Hand skills and school work',
  visual_motor: 'Hand skills and school work',
  keyboarding: 'Hand skills and school work',
  movement: 'Movement and coordination',
  sensory: 'Sensory and self-regulation',
  self_care: 'Daily routines',
  organisation: 'Daily routines',
};

export const goalAreas = choices('GoalArea').map((a) => ({ ...a, group: areaGroups[a.value] }));

export type GoalAreaValue = GoalArea;

/** The scale a measurement's numbers use, and the range a value may take. */
const scales: Record<Measurement, { unit: string; min: number; max: number }> = {
  percent: { unit: '%', min: 0, max: 100 },
  trials: { unit: '% correct', min: 0, max: 100 },
  prompt: { unit: 'prompt level', min: 0, max: 6 },
  rubric: { unit: 'score', min: 1, max: 4 },
  steps: { unit: 'steps', min: 0, max: 50 },
  count: { unit: 'times', min: 0, max: 10_000 },
  duration: { unit: 'seconds', min: 0, max: 86_400 },
};

/** How a goal is measured, the scale its numbers use, and the range a value may take. */
export const measurements = choices('Measurement').map((m) => ({ ...m, ...scales[m.value] }));

export type MeasurementValue = Measurement;

/** Least help first: a lower level is more independent. */
export const promptLevels = ['Independent', 'Gestural', 'Verbal', 'Visual', 'Model', 'Partial physical', 'Full physical'] as const;

/**
 * An area's name in a teacher's or family's copy (a note's headings, its PDF). The label stays the
 * therapist's term; an area whose label the glossary (notes/plain-language.ts) flags gets a plain
 * name here, and a test holds every area to the glossary.
 */
const plainAreaNames: Partial<Record<GoalArea, string>> = {
  sensory: 'Staying calm and handling sounds, touch and movement',
};

export function plainAreaLabel(area: string): string {
  return Object.hasOwn(plainAreaNames, area) ? plainAreaNames[area as GoalArea]! : areaLabel(area);
}

export function measurementOf(value: string) {
  return measurements.find((m) => m.value === value) ?? measurements[0]!;
}
