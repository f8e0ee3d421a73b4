// Every test fails if anything writes to console.error: errors must be handled, not printed.
import { afterEach, beforeEach, expect, vi } from 'vitest';

let spy: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  spy = vi.spyOn(console, 'error');
});

afterEach(() => {
  const calls = spy.mock.calls;
  spy.mockRestore();
  expect(calls, 'console.error was called').toEqual([]);
});
