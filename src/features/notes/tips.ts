// Short, concrete ideas by goal area: what a teacher can do in class, and what a family can try
// at home. Written by us, in plain words.

export const classroomTips: Record<string, string[]> = {
  handwriting: [
    'Give paper with a bold or raised baseline.',
    'Let the student copy from a card on the desk rather than from the board.',
    'Praise one thing done well (spacing, sizing) rather than correcting everything.',
  ],
  scissors: [
    'Offer spring-loaded scissors for longer cutting tasks.',
    'Draw a thick line to cut on.',
    'Remind "thumb on top" before the student starts.',
  ],
  grasp: [
    'Keep a short pencil or a pencil grip on the desk.',
    'Allow a short hand break during long writing.',
    'A slanted writing surface (a binder on its side) can help.',
  ],
  visual_motor: [
    'Give a printed copy instead of copying from the board.',
    'Cover the parts of a worksheet not in use.',
    'Use graph paper to line up numbers in maths.',
  ],
  keyboarding: [
    'Give short daily typing practice (5 minutes).',
    'Allow typed answers when handwriting slows the student down.',
    'Keep a login card with steps at the computer.',
  ],
  movement: [
    'Give a clear, short demonstration before PE activities.',
    'Pair the student with a buddy for new games.',
    'Break new movements into two or three steps.',
  ],
  sensory: [
    'Offer a movement break before seated work.',
    'Allow headphones in noisy times (assembly, lunch).',
    'Give a quiet spot the student can choose to use.',
  ],
  self_care: [
    'Allow a few extra minutes at dismissal for coats and bags.',
    'Post picture steps near the cubby or bathroom.',
    'Praise doing a step alone before helping.',
  ],
  organisation: [
    'Use a colour-coded folder for each subject.',
    'Post a visual schedule for the day.',
    'Check the desk set-up with the student before a task.',
  ],
};

export const homeActivities: Record<string, string[]> = {
  handwriting: ['Write a short shopping list together.', 'Trace letters in sand, shaving cream or on a steamy window.'],
  scissors: ['Cut up old magazines or junk mail for a collage.', 'Squeeze play dough or a sponge to build hand strength.'],
  grasp: ['Play with play dough, clothespins or tongs.', 'Draw on a wall or easel, which builds a steady grip.'],
  visual_motor: ['Do dot-to-dot pages, mazes or simple jigsaw puzzles.', 'Play catch or bounce a ball back and forth.'],
  keyboarding: ['Type a short message to a relative.', 'Play a free typing game for 5 minutes a day.'],
  movement: ['Visit a playground and try the climbing frame together.', 'Play hopscotch, or balance on one foot while brushing teeth.'],
  sensory: [
    'Make a calm corner with a pillow and a favourite book.',
    'Try "heavy work" before homework: carrying shopping or pushing a laundry basket.',
  ],
  self_care: ['Practise one dressing step at a time, with time to spare.', 'Let your child open lunch containers and packets.'],
  organisation: ['Pack the school bag together the night before.', 'Use a picture checklist for the morning routine.'],
};

/** What usually helps in each area, when no change of approach has been recorded. */
export const whatHelps: Record<string, string> = {
  handwriting: 'short daily practice with a letter model to copy, and lined paper with a clear baseline.',
  scissors: 'practice with thick lines to cut on, and reminders to keep the thumb on top.',
  grasp: 'a pencil grip and hand-strength games (play dough, clothespins) before writing.',
  visual_motor: 'copying from a card close by instead of from the board, and one task at a time.',
  keyboarding: 'five minutes of typing practice a day, and a card with the login steps.',
  movement: 'seeing a movement shown first, then trying it in two or three small steps.',
  sensory: 'a movement break before seated work, and a quiet spot to calm down.',
  self_care: 'picture steps to follow, and extra time to do each step alone.',
  organisation: 'a visual schedule and colour-coded folders.',
};
