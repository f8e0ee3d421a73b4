import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, temporaryPassword, verifyPassword } from '../../../src/features/auth/passwords.js';

describe('passwords', () => {
  it('are hashed with argon2id', async () => {
    expect(await hashPassword('a long enough passphrase')).toMatch(/^\$argon2id\$/);
  });

  it('are checked in full, with no truncation at 72 bytes', async () => {
    const base = 'x'.repeat(100);
    const hash = await hashPassword(`${base}A`);
    expect(await verifyPassword(hash, `${base}A`)).toBe(true);
    expect(await verifyPassword(hash, `${base}B`)).toBe(false);
  });

  it('need 8 characters, allow 64 and more, and refuse common ones', () => {
    expect(passwordProblem('short1!')).toMatch(/at least 8/);
    expect(passwordProblem('password1')).toMatch(/too common/);
    expect(passwordProblem('letmein123')).toMatch(/too common/);
    expect(passwordProblem('otters juggle purple lanterns')).toBeNull();
    expect(passwordProblem('river stone '.repeat(6).slice(0, 64))).toBeNull();
    expect(passwordProblem('y'.repeat(257))).toMatch(/256 characters or fewer/);
  });

  it('temporary ones are strong and readable', () => {
    const p = temporaryPassword();
    expect(p).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(passwordProblem(p)).toBeNull();
    expect(temporaryPassword()).not.toBe(p);
  });
});
