// A real OpenID provider (oidc-provider 9) on 127.0.0.1 and an ephemeral port, standing in for a
// district's Google Workspace or Microsoft Entra ID. Tests register Tandem as a client, say what
// each account's claims are (email, email_verified, ...), and sign in through its login page:
// with fetch (HTTP tests) or in Chromium (browser tests). Consent is pre-approved, as a district's
// admin does for its own apps.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { KoaContext } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

/** The claims an account has, set per test. Anything left out is not sent. */
export type TestAccount = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Microsoft Entra ID's "email domain owner verified" optional claim. */
  xms_edov?: boolean;
};

export type TestClient = { id: string; secret: string; redirectUri: string };

export type TestProvider = {
  issuer: string;
  /** Accounts by the login typed on the provider's page. */
  accounts: Map<string, TestAccount>;
  /** Every request the provider answered, as "GET /path": to see what a client fetched, and how often. */
  requests: string[];
  register(client: TestClient): void;
  /**
   * A provider answering for the wrong client: requests from client `asId` are handled as from
   * `actualId`, so the ID tokens it hands `asId` carry `actualId` as their audience.
   */
  misdirect(asId: string, actualId: string): void;
  /** Follows an authorization URL through the login page as `login` (or cancels there); the URL the browser is sent back to. */
  signIn(authorizationUrl: string, login: string, options?: { cancel?: boolean }): Promise<URL>;
  stop(): Promise<void>;
};

export async function startOidcProvider(options: { emailInIdToken?: boolean } = {}): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const accounts = new Map<string, TestAccount>();
  const clients = new Map<string, Record<string, unknown>>();
  const memory = createMemoryAdapter();
  // Clients come from our own map (so tests can register them after start); everything else is kept in memory.
  const clientAdapter = { find: async (id: string) => clients.get(id) };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    adapter: (model: string) => (model === 'Client' ? clientAdapter : memory(model)),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 3600, Interaction: 600, Session: 3600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    // Google and Entra put the email in the ID token; a stricter provider gives it only at UserInfo.
    conformIdTokenClaims: options.emailInIdToken === false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    // Consent is given in advance for every client here.
    loadExistingGrant: async (ctx: KoaContext) => {
      const { client, session, result, provider: p } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) return p.Grant.find(existing);
      const grant = new p.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      // The provider files the grant under the client_id asked for, but looks it up under the
      // client's own id; the two differ only for a misdirected client. File it under both.
      session.ensureClientContainer(client.clientId);
      session.grantIdFor(client.clientId, grantId);
      return grant;
    },
  });

  const handle = provider.callback();
  const requests: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const interaction = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!interaction) return handle(req, res);
    loginInteraction(provider, req, res, interaction[1] ?? '').catch((err: unknown) => {
      res.statusCode = 500;
      res.end(`test provider interaction failed: ${String(err)}`);
    });
  });

  return {
    issuer,
    accounts,
    requests,
    register(client) {
      clients.set(client.id, {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      });
    },
    misdirect(asId, actualId) {
      const actual = clients.get(actualId);
      if (!actual) throw new Error(`no client ${actualId} registered`);
      clients.set(asId, actual);
    },
    signIn: (authorizationUrl, login, signInOptions = {}) =>
      followAtProvider(issuer, authorizationUrl, login, signInOptions.cancel ?? false),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The provider's own login page: any account the test set up, by its login; or cancel. */
async function loginInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = new URLSearchParams(await bodyOf(req));
    const result =
      form.get('action') === 'cancel'
        ? { error: 'access_denied', error_description: 'The person cancelled the sign-in' }
        : { login: { accountId: form.get('login') ?? '' } };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
  const action = `/interaction/${encodeURIComponent(uid)}`;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test district: sign in</title></head>
<body><main>
<h1>Test district: sign in</h1>
<form method="post" action="${action}">
  <label for="login">District email</label>
  <input id="login" name="login" type="text" autocomplete="off">
  <button type="submit" name="action" value="login">Continue</button>
  <button type="submit" name="action" value="cancel">Cancel</button>
</form>
</main></body></html>`);
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** A browser's walk through the provider, with its own cookies, until it is sent back to the client. */
async function followAtProvider(issuer: string, authorizationUrl: string, login: string, cancel: boolean): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 10; step++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || pair.slice(eq + 1) === '') jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    }
    body = undefined;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      if (url.origin !== new URL(issuer).origin) return url;
      continue;
    }
    if (res.status === 200 && url.pathname.startsWith('/interaction/')) {
      await res.text();
      body = new URLSearchParams(cancel ? { action: 'cancel' } : { action: 'login', login });
      continue;
    }
    throw new Error(`the test provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 500)}`);
  }
  throw new Error('the test provider redirected too many times');
}
