// Tandem as an OpenID Connect client of the district's provider (Google Workspace, Microsoft
// Entra ID, ...): the authorization code flow with PKCE (S256), state and nonce. openid-client
// checks the answer: state, the ID token's signature, issuer, audience, expiry and nonce.
// Knows nothing of HTTP requests or of Tandem's accounts.
import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';

/** What the browser carries between the start and the callback (in a signed cookie). */
export type SsoChecks = { state: string; nonce: string; verifier: string };

/** Who the provider says signed in. */
export type SsoIdentity = {
  subject: string;
  email: string | null;
  /** The provider vouches that the person controls this email (see `emailVerified` below). */
  emailVerified: boolean;
  name: string | null;
  /**
   * Google only: the Workspace domain of the account (`hd`), null for a personal Google account.
   * Undefined for other providers, whose tenant is fixed by the issuer.
   */
  workspaceDomain?: string | null;
};

/** The provider could not be reached (discovery, keys or token endpoint): try again later. */
export class SsoUnavailable extends Error {}

/** The provider's answer was refused: cancelled by the person, or not one we can trust. */
export class SsoRefused extends Error {
  constructor(
    readonly reason: 'sso_cancelled' | 'sso_invalid',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const GOOGLE = 'https://accounts.google.com';
const TIMEOUT_SECONDS = 10;

export class SsoClient {
  /** The provider's metadata and keys, discovered once per process; a failure is retried next time. */
  private discovered: Promise<client.Configuration> | null = null;

  constructor(private readonly oidc: OidcConfig) {}

  private get google(): boolean {
    return new URL(this.oidc.issuer).origin === GOOGLE;
  }

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(new URL(this.oidc.issuer), this.oidc.clientId, this.oidc.clientSecret, undefined, {
        timeout: TIMEOUT_SECONDS,
        // Plain http is only ever configured for a provider on this machine, outside production (see config.ts).
        execute: new URL(this.oidc.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        this.discovered = null;
        throw new SsoUnavailable(`discovery at ${this.oidc.issuer} failed: ${describe(err)}`);
      });
    return this.discovered;
  }

  /** Where to send the browser, and the checks to keep until it comes back. */
  async start(): Promise<{ url: URL; checks: SsoChecks }> {
    const config = await this.configuration();
    const checks = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const parameters: Record<string, string> = {
      redirect_uri: this.oidc.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    };
    // Google shows only accounts of the district's Workspace (a hint; the callback checks `hd`).
    if (this.google) parameters.hd = this.oidc.emailDomains.length === 1 ? (this.oidc.emailDomains[0] ?? '*') : '*';
    return { url: client.buildAuthorizationUrl(config, parameters), checks };
  }

  /** Completes the flow from the URL the provider sent the browser back to. */
  async finish(callbackUrl: URL, checks: SsoChecks): Promise<SsoIdentity> {
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw classify(err);
    }
    const idToken = tokens.claims();
    if (!idToken) throw new SsoRefused('sso_invalid', 'no ID token in the token response');
    let claims: Record<string, unknown> = { ...idToken };
    // Some providers put the email only in UserInfo (the ID token of a code flow may be lean).
    if (typeof claims.email !== 'string') {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken, email: info.email, email_verified: info.email_verified };
      } catch (err) {
        throw classify(err);
      }
    }
    return {
      subject: idToken.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      emailVerified: emailVerified(claims),
      name: typeof claims.name === 'string' ? claims.name : null,
      ...(this.google ? { workspaceDomain: typeof claims.hd === 'string' ? claims.hd.toLowerCase() : null } : {}),
    };
  }
}

/**
 * `email_verified: true` is the standard signal. Microsoft Entra ID does not send it; its
 * optional `xms_edov` claim says the tenant has verified it owns the email's domain, and is taken
 * only when `email_verified` is absent (never to overrule an explicit false).
 */
function emailVerified(claims: Record<string, unknown>): boolean {
  if (claims.email_verified !== undefined) return claims.email_verified === true;
  return claims.xms_edov === true;
}

/** Unreachable (try later) or refused (do not trust); the message is for the log, never the page. */
function classify(err: unknown): Error {
  if (err instanceof client.AuthorizationResponseError) {
    const reason = err.error === 'access_denied' ? 'sso_cancelled' : 'sso_invalid';
    return new SsoRefused(reason, `provider answered ${err.error}: ${err.error_description ?? ''}`, err.error);
  }
  if (err instanceof client.ResponseBodyError) {
    return new SsoRefused('sso_invalid', `provider answered ${err.error}: ${err.error_description ?? ''}`, err.error);
  }
  const code = (err as { code?: unknown }).code;
  if (err instanceof TypeError || code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return new SsoUnavailable(describe(err));
  return new SsoRefused('sso_invalid', describe(err), typeof code === 'string' ? code : undefined);
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}${cause}`;
}
