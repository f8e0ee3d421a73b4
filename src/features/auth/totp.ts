// The second factor's codes, with no database: time-based codes (RFC 6238: SHA-1, 6 digits,
// 30 seconds, what every authenticator app expects) and single-use recovery codes.
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

const ISSUER = 'Tandem';

/** A new shared secret: 20 random bytes, in base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The provisioning URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, account: string): string {
  return generateURI({ issuer: ISSUER, label: account, secret });
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code as SVG markup, drawn here: the secret never goes to another service. */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });
}

export type CodeCheck = { ok: true; step: number } | { ok: false; replayed: boolean };

/**
 * Checks a 6-digit code against the secret, allowing one 30-second step either side for a
 * phone's clock. A code from `lastStep` or earlier is refused: each code works once.
 * `epoch` (seconds) is for tests.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null, epoch?: number): Promise<CodeCheck> {
  if (!/^\d{6}$/.test(code)) return { ok: false, replayed: false };
  const options = { secret, token: code, epochTolerance: 30, epoch };
  try {
    const result = await verify({ ...options, afterTimeStep: lastStep ?? undefined });
    if (result.valid && 'timeStep' in result) return { ok: true, step: result.timeStep };
    // Told apart only for the audit trail: a replayed code suggests it was seen by someone else.
    const again = lastStep === null ? result : await verify(options);
    return { ok: false, replayed: again.valid };
  } catch {
    // otplib throws on a malformed code or a last step ahead of the clock: neither is a pass.
    return { ok: false, replayed: false };
  }
}

// 32 letters and digits without i, l, o, u: 5 bits each, nothing easily misread.
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RECOVERY_LENGTH = 12; // 60 random bits: far beyond guessing under the throttle
export const RECOVERY_CODE_COUNT = 10;

/** Ten recovery codes, shown as `xxxx-xxxx-xxxx`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(RECOVERY_LENGTH), (b) => RECOVERY_ALPHABET[b % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** A typed recovery code in one form (lowercase, no spaces or dashes), or null if it cannot be one. */
export function normalRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, '');
  if (code.length !== RECOVERY_LENGTH) return null;
  return [...code].every((c) => RECOVERY_ALPHABET.includes(c)) ? code : null;
}

/** What was typed on the code page: a 6-digit code, a recovery code, or neither. */
export function codeKind(input: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'neither' } {
  const compact = input.replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  const recovery = normalRecoveryCode(input);
  return recovery ? { kind: 'recovery', code: recovery } : { kind: 'neither' };
}
