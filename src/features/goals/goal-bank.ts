// Tandem's goal bank: statements with blanks (__) a therapist fills in. Written in plain words
// a teacher can read; each names what is measured.
import type { GoalAreaValue, MeasurementValue } from './goal-areas.js';

export type BankTemplate = { key: string; area: GoalAreaValue; measurement: MeasurementValue; text: string };

export const goalBank: BankTemplate[] = [
  {
    key: 'hw-lowercase',
    area: 'handwriting',
    measurement: 'trials',
    text: 'will form __ of __ lowercase letters so they can be read, when copying a short sentence, on __ of __ tries.',
  },
  {
    key: 'hw-sizing',
    area: 'handwriting',
    measurement: 'rubric',
    text: 'will size letters to fit the lines of grade-level paper, scoring __ or better on the class handwriting rubric in __ of __ samples.',
  },
  {
    key: 'hw-spacing',
    area: 'handwriting',
    measurement: 'percent',
    text: 'will leave a finger space between words in __% of words in a written sentence.',
  },
  {
    key: 'hw-line',
    area: 'handwriting',
    measurement: 'percent',
    text: 'will keep letters on the line in __% of a short written answer, with a visual cue on the paper.',
  },
  {
    key: 'sc-line',
    area: 'scissors',
    measurement: 'trials',
    text: 'will cut along a straight line, staying within __ inch of it, on __ of __ tries.',
  },
  {
    key: 'sc-shape',
    area: 'scissors',
    measurement: 'trials',
    text: 'will cut out a simple shape (circle or square), staying close to the line, on __ of __ tries.',
  },
  {
    key: 'sc-setup',
    area: 'scissors',
    measurement: 'prompt',
    text: 'will hold scissors thumb-up and the paper with the other hand, needing no more than a __ prompt.',
  },
  {
    key: 'gr-grasp',
    area: 'grasp',
    measurement: 'percent',
    text: 'will hold the pencil with a working grasp for __% of a 10-minute writing task.',
  },
  { key: 'gr-endurance', area: 'grasp', measurement: 'duration', text: 'will write for __ minutes without stopping to rest the hand.' },
  { key: 'gr-fasten', area: 'grasp', measurement: 'count', text: 'will open __ lunch containers or zip bags without help at lunch.' },
  {
    key: 'vm-copy-board',
    area: 'visual_motor',
    measurement: 'percent',
    text: 'will copy __ words from the board to paper with __% accuracy.',
  },
  {
    key: 'vm-shapes',
    area: 'visual_motor',
    measurement: 'trials',
    text: 'will copy shapes (cross, square, triangle) that can be recognised on __ of __ tries.',
  },
  {
    key: 'vm-worksheet',
    area: 'visual_motor',
    measurement: 'percent',
    text: 'will find and mark answers on a busy worksheet with __% accuracy.',
  },
  { key: 'kb-home-row', area: 'keyboarding', measurement: 'count', text: 'will type __ correct words per minute using the home-row keys.' },
  {
    key: 'kb-login',
    area: 'keyboarding',
    measurement: 'steps',
    text: 'will log in and open a class assignment, completing __ of __ steps without help.',
  },
  {
    key: 'mv-stairs',
    area: 'movement',
    measurement: 'prompt',
    text: 'will go up and down school stairs alternating feet, needing no more than a __ prompt.',
  },
  {
    key: 'mv-balance',
    area: 'movement',
    measurement: 'duration',
    text: 'will stand on one foot for __ seconds on each side, to join playground games safely.',
  },
  { key: 'mv-ball', area: 'movement', measurement: 'trials', text: 'will catch a playground ball thrown from __ feet on __ of __ tries.' },
  { key: 'mv-pe', area: 'movement', measurement: 'steps', text: 'will follow a __-step movement sequence in PE after watching it once.' },
  {
    key: 'se-calm',
    area: 'sensory',
    measurement: 'prompt',
    text: 'will use a calming strategy (breathing, a break, a fidget) when upset, needing no more than a __ prompt, on __ of __ occasions.',
  },
  {
    key: 'se-seat',
    area: 'sensory',
    measurement: 'duration',
    text: 'will stay with a seated task for __ minutes, using a movement break or seating support as needed.',
  },
  {
    key: 'se-noise',
    area: 'sensory',
    measurement: 'count',
    text: 'will take part in a noisy activity (assembly, lunchroom) for __ minutes, with headphones if needed, on __ of __ days.',
  },
  {
    key: 'se-transition',
    area: 'sensory',
    measurement: 'percent',
    text: 'will move from one activity to the next within __ minutes of the cue in __% of transitions.',
  },
  {
    key: 'sc-coat',
    area: 'self_care',
    measurement: 'steps',
    text: 'will put on a coat and close it (zipper or buttons), completing __ of __ steps without help.',
  },
  { key: 'sc-shoes', area: 'self_care', measurement: 'prompt', text: 'will put on and fasten shoes, needing no more than a __ prompt.' },
  {
    key: 'sc-lunch',
    area: 'self_care',
    measurement: 'steps',
    text: 'will open and set up lunch items, completing __ of __ steps without help.',
  },
  {
    key: 'sc-toilet',
    area: 'self_care',
    measurement: 'steps',
    text: 'will manage clothing and handwashing at the bathroom, completing __ of __ steps without help.',
  },
  {
    key: 'or-desk',
    area: 'organisation',
    measurement: 'percent',
    text: 'will keep the materials needed for a task ready on the desk in __% of observed lessons.',
  },
  {
    key: 'or-folder',
    area: 'organisation',
    measurement: 'percent',
    text: 'will put finished work in the right folder in __% of chances, using a colour-coded system.',
  },
  {
    key: 'or-schedule',
    area: 'organisation',
    measurement: 'prompt',
    text: 'will check a visual schedule to know what comes next, needing no more than a __ prompt.',
  },
];
