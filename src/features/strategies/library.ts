// Tandem's library of classroom strategies: short, concrete things a teacher can do, why they
// help, and how to use them. Written by us in plain words. Each names the goal areas it supports.
import type { GoalAreaValue } from '../goals/goal-areas.js';

export type Strategy = { key: string; areas: GoalAreaValue[]; title: string; why: string; how: string[]; materials: string };

const s = (key: string, areas: GoalAreaValue[], title: string, why: string, how: string[], materials = 'None'): Strategy => ({ key, areas, title, why, how, materials });

export const strategyLibrary: Strategy[] = [
  // Hand skills and school work: handwriting
  s('hw-raised-lines', ['handwriting'], 'Paper with raised or bold lines', 'The student can feel or clearly see where letters sit, so sizing and staying on the line take less effort.', ['Give raised-line or bold-line paper for written work.', 'Point to the baseline before the student starts.', 'Move back to regular paper once letters sit on the line most of the time.'], 'Raised-line or bold-line paper'),
  s('hw-highlight-zones', ['handwriting'], 'Highlighted writing zones', 'A coloured band shows how tall small letters should be, which helps with letter sizing.', ['Highlight the space between the middle and bottom line in yellow.', 'Remind: "small letters fit in the yellow".', 'Fade the colour as sizing improves.'], 'Highlighter'),
  s('hw-finger-space', ['handwriting'], 'A spacer for gaps between words', 'A small tool makes word spacing visible and automatic.', ['Give a craft stick or a finger-space tool.', 'The student places it after each word before writing the next.', 'Praise readable spacing rather than neat letters alone.'], 'Craft stick or spacing tool'),
  s('hw-desk-model', ['handwriting', 'visual_motor'], 'Letter model on the desk', 'Copying from close by is easier than looking up at the board and back.', ['Tape an alphabet strip to the desk.', 'Encourage the student to check a letter before writing it.'], 'Alphabet strip, tape'),
  s('hw-short-tasks', ['handwriting', 'grasp'], 'Shorter writing, same learning', 'Less writing keeps the focus on quality and avoids tired hands.', ['Accept fewer sentences that show the same understanding.', 'Offer a word bank or fill-in-the-blank for long answers.'], 'None'),
  s('hw-checklist', ['handwriting'], 'Self-check card', 'A short checklist helps the student notice and fix their own writing.', ['Give a card: capital letter, spaces, on the line, full stop.', 'The student ticks each before handing in work.'], 'Laminated checklist card'),
  s('hw-warmup', ['handwriting', 'grasp'], 'Hand warm-up before writing', 'One minute of hand movement gets muscles ready and improves control.', ['Before writing: squeeze hands, press palms together, wiggle fingers.', 'Keep it to one minute so it is a routine, not a break.'], 'None'),

  // Scissor skills
  s('sc-loop-scissors', ['scissors'], 'Spring-loaded scissors', 'The scissors open by themselves, so the student only has to squeeze.', ['Offer loop or spring-loaded scissors for cutting tasks.', 'Let the student choose them freely, without fuss.'], 'Spring-loaded scissors'),
  s('sc-thick-lines', ['scissors'], 'Thick lines to cut on', 'A wider line is easier to follow and builds success.', ['Trace cutting lines with a thick marker.', 'Narrow the line as cutting gets more accurate.'], 'Thick marker'),
  s('sc-thumb-up', ['scissors'], '"Thumb on top" reminder', 'Holding scissors thumb-up gives more control.', ['Put a small sticker on the student\'s thumbnail as a reminder.', 'Say "thumb on top" before cutting starts.'], 'Small stickers'),
  s('sc-card-stock', ['scissors'], 'Stiffer paper for cutting', 'Card stock does not flop, so the helper hand can hold it steady.', ['Print cutting activities on card stock.', 'Cut large pieces into smaller ones before the student starts.'], 'Card stock'),
  s('sc-helper-hand', ['scissors', 'movement'], 'Helper hand turns the paper', 'Turning the paper instead of the scissors makes curves easier.', ['Show the helper hand turning the paper while the cutting hand stays still.', 'Praise the helper hand when it works.'], 'None'),
  s('sc-precut', ['scissors'], 'Pre-cut the hard parts', 'The student can finish the task and practise the part they are ready for.', ['Cut tight corners or small pieces in advance.', 'Leave straight lines and gentle curves for the student.'], 'Scissors'),

  // Grasp and hand strength
  s('gr-pencil-grip', ['grasp', 'handwriting'], 'Pencil grip', 'A grip guides the fingers into a position that tires less.', ['Keep the grip on the student\'s own pencils.', 'Check in a few weeks whether it still helps; the OT can suggest another.'], 'Pencil grip from the OT'),
  s('gr-short-pencil', ['grasp'], 'Short pencils and broken crayons', 'A short tool naturally leads to a finger grip instead of a fist.', ['Offer golf pencils or broken crayons for drawing and writing.'], 'Golf pencils, crayons'),
  s('gr-slant-board', ['grasp', 'handwriting'], 'Slanted writing surface', 'A slope puts the wrist in a stronger position and brings work closer to the eyes.', ['Use a slant board, or a wide binder turned on its side.', 'Clip the paper so it does not slide.'], 'Slant board or 3-inch binder, clip'),
  s('gr-vertical', ['grasp'], 'Work on an upright surface', 'Writing on a wall or easel strengthens the shoulder and wrist that steady the hand.', ['Offer a whiteboard, easel or paper taped to the wall for some tasks.'], 'Easel or wall space'),
  s('gr-hand-break', ['grasp', 'sensory'], 'Planned hand breaks', 'Short rests prevent pain and sloppy writing in long tasks.', ['Agree on a break every 5 to 10 minutes of writing.', 'During the break: shake hands, push palms together.'], 'None'),
  s('gr-fidget-strength', ['grasp'], 'Squeeze toy during listening', 'Squeezing builds hand strength and can help focus.', ['Offer putty or a stress ball during read-alouds.', 'Agree on rules: it stays in the hand, not in the air.'], 'Therapy putty or stress ball'),
  s('gr-tongs', ['grasp'], 'Tongs and tweezers in centres', 'Picking things up with tongs builds the small muscles used for writing.', ['Add tongs or tweezers to sorting and counting activities.'], 'Tongs, tweezers'),

  // Visual-motor and copying
  s('vm-near-copy', ['visual_motor'], 'Copy from a sheet, not the board', 'Copying from close by cuts the looking up and down that slows the student.', ['Give a printed copy of board notes.', 'Highlight the part to copy next.'], 'Printed notes'),
  s('vm-cover', ['visual_motor', 'organisation'], 'Cover what is not needed', 'A busy page is easier when only one part shows.', ['Use a blank card or a window cut-out to show one problem or line at a time.'], 'Card or window cut-out'),
  s('vm-graph-paper', ['visual_motor'], 'Graph paper for maths', 'Boxes keep numbers lined up, so fewer errors come from messy columns.', ['Use graph paper for sums with several digits.', 'One digit per box.'], 'Graph paper'),
  s('vm-bold-worksheet', ['visual_motor'], 'Clear, uncluttered worksheets', 'Fewer items per page and more white space help the student find the task.', ['Enlarge the print or split a worksheet into two pages.', 'Put answer boxes in the same place on every page.'], 'Photocopier'),
  s('vm-dot-start', ['visual_motor', 'handwriting'], 'Starting dots for letters and shapes', 'A dot shows where to begin, which helps with forming letters the right way.', ['Put a small dot where each letter or shape starts.', 'Fade the dots as the student gets it.'], 'None'),
  s('vm-tracking-line', ['visual_motor'], 'Reading guide', 'A guide strip helps the eyes keep their place on the line.', ['Offer a coloured reading strip or a ruler under the line.'], 'Reading strip'),
  s('vm-ball-games', ['visual_motor', 'movement'], 'Catch and throw games', 'Watching and catching a ball practises eye-hand coordination in play.', ['Use a large, soft ball at recess or as a brain break.', 'Start close and step back as catches succeed.'], 'Soft ball'),

  // Keyboarding
  s('kb-daily-five', ['keyboarding'], 'Five minutes of typing a day', 'Short, regular practice builds typing speed more than long, rare sessions.', ['Schedule five minutes with a typing program.', 'Track words per minute once a week.'], 'Computer with a typing program'),
  s('kb-login-card', ['keyboarding', 'organisation'], 'Login steps card', 'Picture steps make logging in independent.', ['Make a card with each login step and a picture.', 'Keep it at the computer or on a lanyard.'], 'Laminated card'),
  s('kb-typed-answers', ['keyboarding', 'handwriting'], 'Type instead of write for long answers', 'Typing lets the student show what they know when handwriting is slow.', ['Allow typed answers for writing longer than a paragraph.', 'Keep some handwriting practice short and daily.'], 'Computer or tablet'),
  s('kb-home-row-stickers', ['keyboarding'], 'Home-row markers', 'Small stickers on the home keys help fingers find their place without looking.', ['Put bump stickers on F and J (and the other home keys if needed).'], 'Bump stickers'),
  s('kb-speech-to-text', ['keyboarding', 'handwriting'], 'Speech-to-text for drafts', 'Speaking a first draft gets ideas down without the physical load.', ['Allow speech-to-text for brainstorming and first drafts.', 'The student edits the typed text afterwards.'], 'Device with speech-to-text'),

  // Movement and coordination
  s('mv-demo-first', ['movement'], 'Show, then try in small steps', 'A demonstration and two or three short steps make new movements easier to plan.', ['Show the whole movement once, slowly.', 'Break it into steps and let the student try each.'], 'None'),
  s('mv-buddy', ['movement'], 'A buddy for new games', 'Copying a peer helps the student learn the moves and join in.', ['Pair the student with a patient classmate for PE and recess games.'], 'None'),
  s('mv-stairs-rail', ['movement'], 'Stairs with the handrail and extra time', 'Using the rail and not rushing makes stairs safe and builds confidence.', ['Let the student go first or last in line on stairs.', 'Remind: one hand on the rail.'], 'None'),
  s('mv-floor-markers', ['movement', 'organisation'], 'Floor markers for lining up and sitting', 'A spot on the floor shows where to stand or sit, which helps body awareness.', ['Put tape or spot markers where the student lines up or sits at carpet time.'], 'Floor tape or spots'),
  s('mv-obstacle', ['movement'], 'Short obstacle course break', 'Crawling, stepping and balancing in a course build coordination and burn energy.', ['Set up 3 or 4 stations in the hall or gym for a 3-minute break.'], 'Cones, tape, a bench'),
  s('mv-balance-routine', ['movement'], 'Balance moment', 'A few seconds of balancing each day builds steadiness for the playground.', ['During line-up, practise standing on one foot while counting to 10.'], 'None'),
  s('mv-ball-size', ['movement'], 'Bigger, slower balls', 'A large or light ball gives more time to react and catch.', ['Use a beach ball or large soft ball for the student in PE.', 'Move to smaller balls as skills grow.'], 'Beach ball or soft ball'),

  // Sensory processing and self-regulation
  s('se-movement-break', ['sensory'], 'Movement breaks', 'A short burst of movement helps the body settle and the mind focus.', ['Offer a 2-minute break (wall push-ups, stretches, a walk) before seated work.', 'Agree on a signal the student can use to ask.'], 'None'),
  s('se-heavy-work', ['sensory'], 'Classroom jobs with heavy work', 'Carrying, pushing and pulling are calming for many children.', ['Give jobs like carrying books, stacking chairs or wiping tables.'], 'None'),
  s('se-headphones', ['sensory'], 'Headphones for noisy times', 'Muffling sound lets the student stay in assemblies and lunch without getting upset.', ['Keep noise-reducing headphones in an easy spot.', 'Let the student use them without asking in loud places.'], 'Noise-reducing headphones'),
  s('se-quiet-corner', ['sensory'], 'A calm-down spot', 'A quiet place to reset helps the student return to learning sooner.', ['Set up a corner with a cushion, a timer and a calming card.', 'Teach how and when to use it, and for how long.'], 'Cushion, timer, calming card'),
  s('se-fidget', ['sensory'], 'A quiet fidget', 'Something to hold can help attention during listening.', ['Offer one quiet fidget (putty, a stretchy band).', 'Set the rule: a tool, not a toy.'], 'Fidget'),
  s('se-seating', ['sensory', 'movement'], 'Seating that allows movement', 'A wobble cushion or band on the chair legs lets the student move without leaving the seat.', ['Try a wobble cushion or a chair band for a few weeks.', 'Tell the OT whether it helps.'], 'Wobble cushion or chair band'),
  s('se-visual-timer', ['sensory', 'organisation'], 'Visual timer', 'Seeing time pass makes waiting and transitions easier.', ['Show a visual timer for work periods and before changes.'], 'Visual timer'),
  s('se-warning', ['sensory', 'organisation'], 'Warning before changes', 'Knowing a change is coming reduces upset at transitions.', ['Give a 5-minute and a 1-minute warning before moving on.', 'Use the same words each time.'], 'None'),
  s('se-breathing', ['sensory'], 'Breathing card', 'A picture card reminds the student how to slow their breathing when upset.', ['Practise "smell the flower, blow the candle" when calm.', 'Keep the card on the desk for hard moments.'], 'Breathing card'),
  s('se-lunch-seat', ['sensory'], 'A quieter lunch seat', 'Sitting at the end of a table lowers noise and touch from others.', ['Let the student sit at a table end or a quieter table.'], 'None'),

  // Daily routines and self-care
  s('sc-picture-steps', ['self_care'], 'Picture steps for routines', 'Pictures show each step, so the student needs fewer reminders.', ['Post picture steps at the cubby, sink or bathroom.', 'Point to the picture instead of telling.'], 'Picture cards'),
  s('sc-extra-time', ['self_care'], 'Extra time for coats and bags', 'A head start at dismissal lets the student dress without rushing.', ['Let the student start packing up 3 minutes early.'], 'None'),
  s('sc-zipper-pull', ['self_care', 'grasp'], 'Zipper pulls and easy fasteners', 'A bigger pull is easier to grab and zip.', ['Add a ring or loop to coat zippers (ask the family).'], 'Zipper pull'),
  s('sc-lunch-practice', ['self_care'], 'Practise opening lunch items', 'Opening containers alone builds independence at lunch.', ['Ask the family to pack containers the student can open.', 'Start a tear in packets if needed, then fade.'], 'None'),
  s('sc-backward-chain', ['self_care'], 'Do the last step alone first', 'Finishing a task alone builds success; then the student takes on earlier steps.', ['Help with all but the last step of a routine (zipping, putting on shoes).', 'When the last step is easy, leave the last two.'], 'None'),
  s('sc-wait-and-praise', ['self_care'], 'Wait before helping', 'A few seconds of waiting gives the student a chance to try.', ['Count silently to 5 before helping.', 'Praise each step done alone.'], 'None'),
  s('sc-bathroom-card', ['self_care'], 'Bathroom pass card', 'A card the student can show makes asking easy and private.', ['Agree on a card the student can place on the desk to go.'], 'Card'),

  // Organising materials and work
  s('or-colour-folders', ['organisation'], 'Colour-coded folders', 'One colour per subject makes it quick to find and file work.', ['Match folder and notebook colours for each subject.'], 'Coloured folders and notebooks'),
  s('or-visual-schedule', ['organisation', 'sensory'], 'Visual schedule', 'Seeing the day\'s plan lowers worry and helps with getting started.', ['Post the day\'s schedule with pictures or words.', 'Let the student check off each part.'], 'Schedule cards'),
  s('or-desk-map', ['organisation'], 'Desk map', 'A picture of where things go keeps the desk usable.', ['Tape a simple map inside the desk or on the table.'], 'Printed map, tape'),
  s('or-first-then', ['organisation', 'sensory'], 'First-then card', 'Showing what comes after a task helps the student start it.', ['Show "First: maths page. Then: computer".', 'Keep the "then" short and real.'], 'First-then card'),
  s('or-chunk-tasks', ['organisation'], 'Break tasks into chunks', 'Smaller steps feel possible and are easier to finish.', ['Split a task into 2 or 3 parts with a check box each.'], 'None'),
  s('or-bag-checklist', ['organisation'], 'Backpack checklist', 'A short list at pack-up time means fewer forgotten things.', ['Tape a list inside the backpack or by the door.'], 'Checklist'),
  s('or-materials-ready', ['organisation'], 'Materials ready before starting', 'Having the right things out avoids a slow start.', ['List or show the materials for each task on the board.', 'Check the desk with the student before starting.'], 'None'),
];
