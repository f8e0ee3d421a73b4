// One step of a test waits for another: a transaction held open until the test has looked.

/** A promise (`fired`) and the function that resolves it (`fire`). */
export function signal(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}
