// Password rules and hashing (argon2id, whole password, no truncation).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

const PASSWORD_MIN = 8;
/** Long passphrases are welcome; the cap only stops hashing megabytes as a denial of service. */
export const PASSWORD_MAX = 256;

// OWASP's argon2id settings: 19 MiB, 2 passes, 1 lane. The library's default algorithm is argon2id.
const hashOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown account cannot be told apart by timing. */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

const strength = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** Why a new password is refused, or null when it is fine. `personal`: see personalWords(). */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `Use ${PASSWORD_MAX} characters or fewer`;
  const result = strength.check(password, personal);
  if (result.score < 2) {
    const fromPersonal = result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs');
    return fromPersonal
      ? 'This password is too easy to guess from your name or email address. Try three or four unrelated words.'
      : 'This password is too common or too easy to guess. Try three or four unrelated words.';
  }
  return null;
}

/**
 * What a guesser who knows the person tries first: their name, their email, the part before the @,
 * and the words in each (zxcvbn matches each whole word, so "quintanilla2026" needs "quintanilla").
 */
export function personalWords({ name, email }: { name: string; email: string }): string[] {
  const local = email.split('@')[0] ?? '';
  const words = [...name.split(/\s+/), ...local.split(/[._+-]+/)].filter((w) => w.length >= 3);
  return [...new Set([name, name.replace(/\s+/g, ''), email, local, ...words].map((w) => w.toLowerCase()).filter(Boolean))];
}

/** A temporary password an admin reads out or hands over: easy to type, hard to guess. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(15);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 5, 10].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** For a form's superRefine: the new password passes the rules and both copies match. */
export function checkNewPassword({ password, confirm }: { password: string; confirm: string }, ctx: z.RefinementCtx): void {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  else if (password !== confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'The two passwords do not match' });
}
