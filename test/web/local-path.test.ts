import { describe, expect, it } from 'vitest';
import { localPath } from '../../src/web/local-path.js';
import { TRICKY_NEXT } from '../helpers/tricky-paths.js';

describe('localPath', () => {
  it.each(TRICKY_NEXT)('refuses %s', (_label, value) => {
    expect(localPath(value)).toBe('/');
    expect(localPath(value, '/fallback')).toBe('/fallback');
  });

  it.each([
    ['an array', ['/students']],
    ['a number', 42],
    ['an object', { toString: () => '/students' }],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s (not a string)', (_label, value) => {
    expect(localPath(value)).toBe('/');
  });

  it.each([
    ['/students', '/students'],
    ['/students?q=ava', '/students?q=ava'],
    ['/students/42/goals', '/students/42/goals'],
    ['/students/./42', '/students/42'],
    ['/students/../admin/users', '/admin/users'],
    ['/%2e%2e/%2e%2e/admin', '/admin'],
    ['/students#notes', '/students'],
    ['/students?next=//evil.example', '/students?next=//evil.example'],
    ['/students?q=a%2Fb', '/students?q=a%2Fb'],
    ['/@evil.example', '/@evil.example'],
    ['/javascript:alert(1)', '/javascript:alert(1)'],
  ])('keeps the local path %s as %s', (value, expected) => {
    expect(localPath(value)).toBe(expected);
  });

  it('never returns anything a browser would read as another origin', () => {
    const base = 'https://tandem.district.example';
    const pieces = ['/', '\\', '.', '..', '%2f', '%2F', '%5c', '%2e', '\t', '\n', ' ', '\uFF0F', 'evil.example', ':', '@', '?', '#'];
    // Every sequence of up to four pieces, starting with a slash.
    let values = ['/'];
    const all: string[] = [];
    for (let depth = 0; depth < 4; depth++) {
      values = values.flatMap((v) => pieces.map((p) => v + p));
      all.push(...values);
    }
    for (const value of all) {
      const path = localPath(value);
      const url = new URL(path, base);
      expect(url.origin, JSON.stringify(value)).toBe(base);
      expect(path.startsWith('/') && !path.startsWith('//') && !path.includes('\\'), JSON.stringify(value)).toBe(true);
    }
  });
});
