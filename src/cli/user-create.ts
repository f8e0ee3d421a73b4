// npm run user:create -- --role admin --email lead.ot@district.org --name "Lead OT"
// Makes an account. At a terminal it asks for the password (typed twice, not shown);
// otherwise it generates a temporary one, prints it once, and asks for a new one at first sign-in.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { applyMigrations } from '../db/migrations.js';
import { recordAudit } from '../features/audit/audit.service.js';
import { hashPassword, passwordProblem, personalWords, temporaryPassword } from '../features/auth/passwords.js';
import { email, line } from '../web/validation.js';

const usage = 'Usage: npm run user:create -- --role admin|therapist|teacher --email EMAIL --name "FULL NAME" [--generate-password]';

const args = parseArgs({
  options: {
    role: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'generate-password': { type: 'boolean', default: false },
  },
});

const input = z
  .object({
    role: z.enum(['admin', 'therapist', 'teacher'], { error: 'Give --role admin, therapist or teacher' }),
    email,
    name: line('a name with --name', 100),
  })
  .safeParse({ role: args.values.role, email: args.values.email ?? '', name: args.values.name ?? '' });
if (!input.success) {
  for (const issue of input.error.issues) console.error(`${String(issue.path[0])}: ${issue.message}`);
  console.error(usage);
  process.exit(2);
}

const config = loadConfig();
await applyMigrations(config.databaseUrl);
const db = createDb(config.databaseUrl);
try {
  if (await db.user.findUnique({ where: { email: input.data.email } })) {
    console.error(`An account with the email ${input.data.email} already exists.`);
    process.exit(1);
  }
  const interactive = process.stdin.isTTY && !args.values['generate-password'];
  const password = interactive ? await askPassword(input.data.email, input.data.name) : temporaryPassword();
  const user = await db.user.create({
    data: { ...input.data, passwordHash: await hashPassword(password), mustChangePassword: !interactive },
  });
  await recordAudit(db, {
    action: 'user.created',
    actorEmail: 'command line',
    targetType: 'user',
    targetId: user.id,
    detail: { role: user.role },
  });
  console.log(`Created ${user.role} ${user.name} <${user.email}>.`);
  if (!interactive) {
    console.log(`Temporary password (shown once; it must be changed at first sign-in): ${password}`);
  }
} finally {
  await db.$disconnect();
}

async function askPassword(emailAddress: string, name: string): Promise<string> {
  for (;;) {
    const first = await hidden('Password for the new account: ');
    const problem = passwordProblem(first, personalWords({ name, email: emailAddress }));
    if (problem) {
      console.error(problem);
      continue;
    }
    if ((await hidden('The same password again: ')) === first) return first;
    console.error('The two passwords do not match.');
  }
}

function hidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
