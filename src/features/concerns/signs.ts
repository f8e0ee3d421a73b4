// Signs a teacher may notice, grouped by the four areas where OT can help. In our own words.
export const signGroups = [
  {
    area: 'Movement and coordination',
    signs: [
      { key: 'clumsy', label: 'Trips, falls or bumps into things often' },
      { key: 'avoids_climbing', label: 'Avoids climbing, running games or riding' },
      { key: 'balance', label: 'Has trouble keeping balance' },
      { key: 'copying_moves', label: 'Finds it hard to copy movements (PE, dance)' },
    ],
  },
  {
    area: 'Hand skills and school work',
    signs: [
      { key: 'pencil', label: 'Has trouble holding a pencil' },
      { key: 'scissors', label: 'Has trouble using scissors' },
      { key: 'tired_hands', label: 'Hands tire quickly when writing or drawing' },
      { key: 'writing', label: 'Writing is very hard to read, or very slow' },
    ],
  },
  {
    area: 'Sensory and emotional regulation',
    signs: [
      { key: 'noise', label: 'Reacts strongly to noise' },
      { key: 'textures', label: 'Bothered by textures (clothes, glue, food)' },
      { key: 'meltdowns', label: 'Melts down or shuts down when overwhelmed' },
      { key: 'seeking', label: 'Seeks a lot of movement, crashing or touching' },
    ],
  },
  {
    area: 'Daily routines',
    signs: [
      { key: 'dressing', label: 'Struggles with coats, zips or shoes' },
      { key: 'eating', label: 'Struggles to open food or use utensils' },
      { key: 'organising', label: 'Loses materials; desk and bag are hard to manage' },
      { key: 'toileting', label: 'Needs help in the bathroom' },
    ],
  },
] as const;

export const signKeys = signGroups.flatMap((g) => g.signs.map((s) => s.key)) as string[];

export function signLabel(key: string): string {
  for (const g of signGroups) for (const s of g.signs) if (s.key === key) return s.label;
  return key;
}
