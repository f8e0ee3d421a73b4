// A request body that cannot be read is the sender's mistake: a friendly 4xx, never a 500.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, csrfFrom, testApp, user } from '../helpers/app.js';

const t = await testApp();
const EMAIL = 'ot.body@tandem.example';

beforeAll(async () => {
  await user(t.db, 'therapist', { email: EMAIL });
});

/** Sends the bytes given; superagent would otherwise re-encode a Buffer as form fields. */
const asIs = (raw: Buffer) => raw as unknown as string;

function postSignIn(encoding: string, body: Buffer) {
  return request(t.app)
    .post('/sign-in')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .set('Content-Encoding', encoding)
    .serialize(asIs)
    .send(body);
}

function expectFriendly(res: request.Response) {
  expect(res.text).toContain(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|zlib|Z_DATA_ERROR|incorrect header/i);
}

describe('a compressed request body', () => {
  const plain = Buffer.from(`email=${encodeURIComponent(EMAIL)}&password=x`);

  it.each([
    ['gzip', plain],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00])], // a gzip header cut short
    ['deflate', plain],
    ['br', plain],
  ])('marked %s but not compressed that way is a 400 with a friendly message', async (encoding, body) => {
    const res = await postSignIn(encoding, body);
    expect(res.status).toBe(400);
    expect(res.text).toContain('marked as compressed but was not');
    expectFriendly(res);
  });

  it.each(['zstd', 'compress', 'gzip, gzip', 'x-unknown'])('in an encoding we do not read (%s) is a 415', async (encoding) => {
    const res = await postSignIn(encoding, plain);
    expect(res.status).toBe(415);
    expect(res.text).toContain('could not read how that was sent');
    expectFriendly(res);
  });

  it('that inflates past the body limit is a 413', async () => {
    const bomb = gzipSync(Buffer.alloc(10_000_000, 'a'));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await postSignIn('gzip', bomb);
    expect(res.status).toBe(413);
    expectFriendly(res);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('that really is %s is still read', async (encoding, compress) => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const body = `_csrf=${encodeURIComponent(csrfFrom(page.text))}&email=${encodeURIComponent(EMAIL)}&password=${encodeURIComponent(PASSWORD)}`;
    const res = await agent
      .post('/sign-in')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Encoding', encoding)
      .serialize(asIs)
      .send(compress(Buffer.from(body)));
    expect(res.status).toBe(303);
  });
});
