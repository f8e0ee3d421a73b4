import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  checkTotp,
  codeKind,
  groupedSecret,
  newRecoveryCodes,
  newTotpSecret,
  normalRecoveryCode,
  otpauthUri,
  qrCodeSvg,
} from '../../../src/features/auth/totp.js';

// RFC 6238, appendix B: the SHA-1 secret is the ASCII "12345678901234567890" (here in base32);
// the 8-digit codes there end in the 6-digit codes an app shows.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const rfcVectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('time-based codes', () => {
  it("agree with RFC 6238's test vectors", async () => {
    for (const [epoch, code] of rfcVectors) {
      const six = code.slice(-6);
      const check = await checkTotp(RFC_SECRET, six, null, epoch);
      expect(check, `T=${epoch}`).toEqual({ ok: true, step: Math.floor(epoch / 30) });
    }
  });

  it('allow one step either side for a phone clock, and no further', async () => {
    const code = '287082'; // step 1 (T = 59)
    expect((await checkTotp(RFC_SECRET, code, null, 89)).ok).toBe(true); // checked in step 2
    expect((await checkTotp(RFC_SECRET, code, null, 29)).ok).toBe(true); // checked in step 0
    expect((await checkTotp(RFC_SECRET, code, null, 120)).ok).toBe(false); // step 4: too late
  });

  it('refuse a code from the last accepted step or before: no code works twice', async () => {
    expect(await checkTotp(RFC_SECRET, '287082', 1, 59)).toEqual({ ok: false, replayed: true });
    expect(await checkTotp(RFC_SECRET, '287082', 0, 59)).toEqual({ ok: true, step: 1 });
    // The next step's code is still good after this one.
    const next = await generate({ secret: RFC_SECRET, epoch: 60 });
    expect(await checkTotp(RFC_SECRET, next, 1, 59)).toEqual({ ok: true, step: 2 });
  });

  it('answer "no" to a malformed code or a last step ahead of the clock, without throwing', async () => {
    for (const code of ['', 'abcdef', '12345', '1234567', '12 345', '２８７０８２']) {
      expect(await checkTotp(RFC_SECRET, code, null, 59), code).toEqual({ ok: false, replayed: false });
    }
    expect(await checkTotp(RFC_SECRET, '287082', 1_000_000, 59)).toEqual({ ok: false, replayed: false });
  });

  it('come from a new random secret of 160 bits, drawn as a QR code here', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    const uri = otpauthUri(secret, 'dana@school.org');
    expect(uri).toBe(`otpauth://totp/Tandem:dana%40school.org?secret=${secret}&issuer=Tandem`);
    const svg = await qrCodeSvg(uri);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|<foreignObject|on\w+=|href=/i);
    expect(svg).not.toContain(secret);
  });
});

describe('recovery codes', () => {
  it('are ten, different, easy to read aloud, and 60 bits each', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('are read however they are typed, and nothing else passes for one', () => {
    expect(normalRecoveryCode(' AB3D-EF4H-JK5M ')).toBe('ab3def4hjk5m');
    expect(normalRecoveryCode('ab3d ef4h jk5m')).toBe('ab3def4hjk5m');
    expect(normalRecoveryCode('ab3d-ef4h-jk5')).toBeNull();
    expect(normalRecoveryCode('ab3d-ef4h-jk5mm')).toBeNull();
    expect(normalRecoveryCode('ab3d-ef4h-jk5o')).toBeNull(); // o is never in a code
  });

  it('are told apart from a 6-digit code', () => {
    expect(codeKind('123 456')).toEqual({ kind: 'totp', code: '123456' });
    expect(codeKind('AB3D-EF4H-JK5M')).toEqual({ kind: 'recovery', code: 'ab3def4hjk5m' });
    expect(codeKind('12345')).toEqual({ kind: 'neither' });
    expect(codeKind('<script>')).toEqual({ kind: 'neither' });
  });
});
