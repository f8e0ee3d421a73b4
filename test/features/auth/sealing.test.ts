import { describe, expect, it } from 'vitest';
import { deriveKey, keyedHash, seal, unseal } from '../../../src/features/auth/sealing.js';

const key = deriveKey('test-secret-test-secret-test-secret-0123', 'second-factor secret');

describe('sealing a secret', () => {
  it('opens with the same key and context, and the sealed text does not show the secret', () => {
    const sealed = seal(key, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'user:7');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('GEZDGNBV');
    expect(unseal(key, sealed, 'user:7')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('never seals the same way twice (a fresh IV each time)', () => {
    expect(seal(key, 'same', 'user:1')).not.toBe(seal(key, 'same', 'user:1'));
  });

  it('does not open for another user, another key, or a new SESSION_SECRET', () => {
    const sealed = seal(key, 'secret', 'user:7');
    expect(unseal(key, sealed, 'user:8')).toBeNull();
    expect(unseal(deriveKey('test-secret-test-secret-test-secret-0123', 'recovery code'), sealed, 'user:7')).toBeNull();
    expect(unseal(deriveKey('another-secret-another-secret-another-1', 'second-factor secret'), sealed, 'user:7')).toBeNull();
  });

  it('refuses an altered or malformed value instead of throwing', () => {
    const sealed = seal(key, 'secret', 'user:7');
    const [format, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(unseal(key, [format, iv, tag, flipped.toString('base64url')].join('.'), 'user:7')).toBeNull();
    expect(unseal(key, [format, iv, tag.slice(0, 10), body].join('.'), 'user:7')).toBeNull(); // a shortened tag
    expect(unseal(key, ['v2', iv, tag, body].join('.'), 'user:7')).toBeNull();
    for (const junk of ['', 'v1', 'v1...', `${sealed}.extra`, 'not sealed at all']) expect(unseal(key, junk, 'user:7')).toBeNull();
  });

  it('derives a different key per purpose, and a keyed hash depends on the key', () => {
    const other = deriveKey('test-secret-test-secret-test-secret-0123', 'recovery code');
    expect(other.length).toBe(32);
    expect(other.equals(key)).toBe(false);
    expect(keyedHash(other, 'abcd')).toBe(keyedHash(other, 'abcd'));
    expect(keyedHash(other, 'abcd')).not.toBe(keyedHash(key, 'abcd'));
  });
});
