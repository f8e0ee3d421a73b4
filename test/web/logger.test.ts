// The request log keeps paths, never a query string or the secret in a calendar feed link.
import { expect, it } from 'vitest';
import { loggedPath } from '../../src/web/logger.js';

it('logs the path without its query string', () => {
  expect(loggedPath('/students?q=maya')).toBe('/students');
});

it("hides a calendar feed link's secret, which works like a password", () => {
  expect(loggedPath('/calendar/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo.ics')).toBe('/calendar/[secret]');
  expect(loggedPath('/calendar/abc.ics?x=1')).toBe('/calendar/[secret]');
  // Express matches routes whatever the case, so the feed answers this too.
  expect(loggedPath('/Calendar/abc.ics')).toBe('/calendar/[secret]');
});
