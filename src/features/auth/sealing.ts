// Values kept in the database that must not be readable from a copy of it: sealed with
// AES-256-GCM under a key derived from SESSION_SECRET with HKDF, one key per purpose. The
// context (e.g. the user's id) is bound in as associated data, so a sealed value copied onto
// another row does not open. Changing SESSION_SECRET makes every sealed value unreadable.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type KeyPurpose = 'second-factor secret' | 'recovery code';

/** A 256-bit key for one purpose, derived from the app's secret. */
export function deriveKey(appSecret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'tandem', `tandem ${purpose} ${FORMAT}`, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The plaintext, or null when the value was sealed under another key or context, or altered. */
export function unseal(key: Buffer, sealed: string, context: string): string | null {
  const [format, iv, tag, body, extra] = sealed.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || body === undefined || extra !== undefined) return null;
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A keyed hash (HMAC-SHA-256) for looking up a random value without storing it. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
