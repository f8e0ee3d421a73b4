// Goal areas and measurement types, in the users' words.

export const goalAreas = [
  { value: 'handwriting', label: 'Handwriting', group: 'Hand skills and school work' },
  { value: 'scissors', label: 'Scissor skills and cutting', group: 'Hand skills and school work' },
  { value: 'grasp', label: 'Pencil grasp and hand strength', group: 'Hand skills and school work' },
  { value: 'visual_motor', label: 'Copying and eye-hand coordination', group: 'Hand skills and school work' },
  { value: 'keyboarding', label: 'Keyboarding', group: 'Hand skills and school work' },
  { value: 'movement', label: 'Movement and coordination', group: 'Movement and coordination' },
  { value: 'sensory', label: 'Sensory processing and self-regulation', group: 'Sensory and self-regulation' },
  { value: 'self_care', label: 'Daily routines and self-care', group: 'Daily routines' },
  { value: 'organisation', label: 'Organising materials and work', group: 'Daily routines' },
] as const;

export type GoalAreaValue = (typeof goalAreas)[number]['value'];

/** How a goal is measured, the scale its numbers use, and the range a value may take. */
export const measurements = [
  { value: 'percent', label: 'Percent accuracy', unit: '%', min: 0, max: 100 },
  { value: 'trials', label: 'Correct out of tries', unit: '% correct', min: 0, max: 100 },
  { value: 'prompt', label: 'Prompt level (help needed)', unit: 'prompt level', min: 0, max: 6 },
  { value: 'rubric', label: 'Rubric score (1 to 4)', unit: 'score', min: 1, max: 4 },
  { value: 'steps', label: 'Steps done alone', unit: 'steps', min: 0, max: 50 },
  { value: 'count', label: 'Count (times per session)', unit: 'times', min: 0, max: 10_000 },
  { value: 'duration', label: 'Duration (seconds)', unit: 'seconds', min: 0, max: 86_400 },
] as const;

export type MeasurementValue = (typeof measurements)[number]['value'];

/** Least help first: a lower level is more independent. */
export const promptLevels = ['Independent', 'Gestural', 'Verbal', 'Visual', 'Model', 'Partial physical', 'Full physical'] as const;

export function areaLabel(area: string): string {
  return goalAreas.find((a) => a.value === area)?.label ?? area;
}

export function measurementOf(value: string) {
  return measurements.find((m) => m.value === value) ?? measurements[0];
}
