// Tandem's goal bank: statements with blanks (__) a therapist fills in. Written in plain words
// a teacher can read; each names what is measured.
import type { GoalAreaValue, MeasurementValue } from './goal-areas.js';

/**
 * How the demo fills a template, so its wording, measure and target agree: `fills` go into the
 * blanks in order ("a __ prompt" is one blank, filled with the help in words), `target` is the
 * criterion on the measure's scale (seconds for a duration, the percent of tries for trials), and
 * `criterion` says the same in words.
 */
export type BankExample = { fills: string[]; target: number; criterion: string };

export type BankTemplate = { key: string; area: GoalAreaValue; measurement: MeasurementValue; text: string; example: BankExample };

export const goalBank: BankTemplate[] = [
  {
    key: 'hw-lowercase',
    area: 'handwriting',
    measurement: 'trials',
    text: 'will form __ of __ lowercase letters so they can be read, when copying a short sentence, on __ of __ tries.',
    example: { fills: ['8', '10', '8', '10'], target: 80, criterion: '8 of 10 tries' },
  },
  {
    key: 'hw-sizing',
    area: 'handwriting',
    measurement: 'rubric',
    text: 'will size letters to fit the lines of grade-level paper, scoring __ or better on the class handwriting rubric in __ of __ samples.',
    example: { fills: ['3', '3', '4'], target: 3, criterion: 'a score of 3 or better in 3 of 4 samples' },
  },
  {
    key: 'hw-spacing',
    area: 'handwriting',
    measurement: 'percent',
    text: 'will leave a finger space between words in __% of words in a written sentence.',
    example: { fills: ['80'], target: 80, criterion: '80% of words' },
  },
  {
    key: 'hw-line',
    area: 'handwriting',
    measurement: 'percent',
    text: 'will keep letters on the line in __% of a short written answer, with a visual cue on the paper.',
    example: { fills: ['80'], target: 80, criterion: '80% of a short answer' },
  },
  {
    key: 'sc-line',
    area: 'scissors',
    measurement: 'trials',
    text: 'will cut along a straight line, staying within __ inch of it, on __ of __ tries.',
    example: { fills: ['1/4', '8', '10'], target: 80, criterion: '8 of 10 tries' },
  },
  {
    key: 'sc-shape',
    area: 'scissors',
    measurement: 'trials',
    text: 'will cut out a simple shape (circle or square), staying close to the line, on __ of __ tries.',
    example: { fills: ['8', '10'], target: 80, criterion: '8 of 10 tries' },
  },
  {
    key: 'sc-setup',
    area: 'scissors',
    measurement: 'prompt',
    text: 'will hold scissors thumb-up and the paper with the other hand, needing no more than a __ prompt.',
    example: { fills: ['a pointing gesture'], target: 1, criterion: 'no more help than a pointing gesture' },
  },
  {
    key: 'gr-grasp',
    area: 'grasp',
    measurement: 'percent',
    text: 'will hold the pencil with a working grasp for __% of a 10-minute writing task.',
    example: { fills: ['80'], target: 80, criterion: '80% of the task' },
  },
  {
    key: 'gr-endurance',
    area: 'grasp',
    measurement: 'duration',
    text: 'will write for __ minutes without stopping to rest the hand.',
    example: { fills: ['5'], target: 300, criterion: '5 minutes without a rest' },
  },
  {
    key: 'gr-fasten',
    area: 'grasp',
    measurement: 'count',
    text: 'will open __ lunch containers or zip bags without help at lunch.',
    example: { fills: ['4'], target: 4, criterion: '4 containers or bags opened' },
  },
  {
    key: 'vm-copy-board',
    area: 'visual_motor',
    measurement: 'percent',
    text: 'will copy __ words from the board to paper with __% accuracy.',
    example: { fills: ['5', '80'], target: 80, criterion: '80% accuracy' },
  },
  {
    key: 'vm-shapes',
    area: 'visual_motor',
    measurement: 'trials',
    text: 'will copy shapes (cross, square, triangle) that can be recognised on __ of __ tries.',
    example: { fills: ['8', '10'], target: 80, criterion: '8 of 10 tries' },
  },
  {
    key: 'vm-worksheet',
    area: 'visual_motor',
    measurement: 'percent',
    text: 'will find and mark answers on a busy worksheet with __% accuracy.',
    example: { fills: ['80'], target: 80, criterion: '80% accuracy' },
  },
  {
    key: 'kb-home-row',
    area: 'keyboarding',
    measurement: 'count',
    text: 'will type __ correct words per minute using the home-row keys.',
    example: { fills: ['15'], target: 15, criterion: '15 correct words a minute' },
  },
  {
    key: 'kb-login',
    area: 'keyboarding',
    measurement: 'steps',
    text: 'will log in and open a class assignment, completing __ of __ steps without help.',
    example: { fills: ['5', '5'], target: 5, criterion: '5 of 5 steps without help' },
  },
  {
    key: 'mv-stairs',
    area: 'movement',
    measurement: 'prompt',
    text: 'will go up and down school stairs alternating feet, needing no more than a __ prompt.',
    example: { fills: ['a pointing gesture'], target: 1, criterion: 'no more help than a pointing gesture' },
  },
  {
    key: 'mv-balance',
    area: 'movement',
    measurement: 'duration',
    text: 'will stand on one foot for __ seconds on each side, to join playground games safely.',
    example: { fills: ['10'], target: 10, criterion: '10 seconds on each foot' },
  },
  {
    key: 'mv-ball',
    area: 'movement',
    measurement: 'trials',
    text: 'will catch a playground ball thrown from __ feet on __ of __ tries.',
    example: { fills: ['10', '8', '10'], target: 80, criterion: '8 of 10 tries' },
  },
  {
    key: 'mv-pe',
    area: 'movement',
    measurement: 'steps',
    text: 'will follow a __-step movement sequence in PE after watching it once.',
    example: { fills: ['4'], target: 4, criterion: 'all 4 steps in order' },
  },
  {
    key: 'se-calm',
    area: 'sensory',
    measurement: 'prompt',
    text: 'will use a calming strategy (breathing, a break, a fidget) when upset, needing no more than a __ prompt, on __ of __ occasions.',
    example: { fills: ['a pointing gesture', '4', '5'], target: 1, criterion: 'no more help than a pointing gesture, on 4 of 5 occasions' },
  },
  {
    key: 'se-seat',
    area: 'sensory',
    measurement: 'duration',
    text: 'will stay with a seated task for __ minutes, using a movement break or seating support as needed.',
    example: { fills: ['10'], target: 600, criterion: '10 minutes' },
  },
  {
    key: 'se-noise',
    area: 'sensory',
    measurement: 'duration',
    text: 'will take part in a noisy activity (assembly, lunchroom) for __ minutes, with headphones if needed, on __ of __ days.',
    example: { fills: ['10', '4', '5'], target: 600, criterion: '10 minutes, on 4 of 5 days' },
  },
  {
    key: 'se-transition',
    area: 'sensory',
    measurement: 'percent',
    text: 'will move from one activity to the next within __ minutes of the cue in __% of transitions.',
    example: { fills: ['2', '80'], target: 80, criterion: '80% of transitions' },
  },
  {
    key: 'sc-coat',
    area: 'self_care',
    measurement: 'steps',
    text: 'will put on a coat and close it (zipper or buttons), completing __ of __ steps without help.',
    example: { fills: ['6', '6'], target: 6, criterion: '6 of 6 steps without help' },
  },
  {
    key: 'sc-shoes',
    area: 'self_care',
    measurement: 'prompt',
    text: 'will put on and fasten shoes, needing no more than a __ prompt.',
    example: { fills: ['a pointing gesture'], target: 1, criterion: 'no more help than a pointing gesture' },
  },
  {
    key: 'sc-lunch',
    area: 'self_care',
    measurement: 'steps',
    text: 'will open and set up lunch items, completing __ of __ steps without help.',
    example: { fills: ['5', '5'], target: 5, criterion: '5 of 5 steps without help' },
  },
  {
    key: 'sc-toilet',
    area: 'self_care',
    measurement: 'steps',
    text: 'will manage clothing and handwashing at the bathroom, completing __ of __ steps without help.',
    example: { fills: ['6', '6'], target: 6, criterion: '6 of 6 steps without help' },
  },
  {
    key: 'or-desk',
    area: 'organisation',
    measurement: 'percent',
    text: 'will keep the materials needed for a task ready on the desk in __% of observed lessons.',
    example: { fills: ['80'], target: 80, criterion: '80% of lessons' },
  },
  {
    key: 'or-folder',
    area: 'organisation',
    measurement: 'percent',
    text: 'will put finished work in the right folder in __% of chances, using a colour-coded system.',
    example: { fills: ['80'], target: 80, criterion: '80% of chances' },
  },
  {
    key: 'or-schedule',
    area: 'organisation',
    measurement: 'prompt',
    text: 'will check a visual schedule to know what comes next, needing no more than a __ prompt.',
    example: { fills: ['a pointing gesture'], target: 1, criterion: 'no more help than a pointing gesture' },
  },
];
