import { z } from 'zod';
import { PASSWORD_MAX, checkNewPassword } from './passwords.js';

// Sign-in checks only that something was typed: rules for new passwords do not apply to old ones.
export const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'Enter your email address'),
  // Longer input is accepted here and refused by the check, so it looks like any wrong password.
  password: z
    .string()
    .min(1, 'Enter your password')
    .max(PASSWORD_MAX * 4, 'Enter your password'),
  next: z.string().optional(),
});

export const changePasswordForm = z
  .object({
    current: z
      .string()
      .min(1, 'Enter your current password')
      .max(PASSWORD_MAX * 4, 'That is not your current password'),
    password: z.string().default(''),
    confirm: z.string().default(''),
  })
  .superRefine(checkNewPassword);
