import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('stops a production start without SESSION_SECRET, saying what to do', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required in production/);
  });

  it('never loads demo data in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    expect(config.demoData).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DEMO_DATA: 'true' })).toThrow(
      /never loaded in production/,
    );
  });

  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: 'file:./data/tandem.db',
      demoData: true,
      https: false,
      host: '127.0.0.1',
    });
  });

  it('takes a SQLite file or a PostgreSQL URL, and refuses any other DATABASE_URL and a bad port', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://tandem:pw@db:5432/tandem' }).databaseUrl).toBe('postgresql://tandem:pw@db:5432/tandem');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/SQLite file URL such as file:.*or a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', BACKUP_EVERY_HOURS: '24' })).toThrow(/pg_dump/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it("takes the district's time zone by its IANA name, the server's own by default", () => {
    expect(loadConfig({ TIME_ZONE: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(loadConfig({}).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(() => loadConfig({ TIME_ZONE: 'Europe/Londn' })).toThrow(
      /TIME_ZONE must be an IANA time zone name such as America\/New_York, not "Europe\/Londn"/,
    );
    expect(() => loadConfig({ TIME_ZONE: '+05:00' })).toThrow(/TIME_ZONE/);
  });

  describe("when the server's own zone has no name", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('says UTC if the clock keeps UTC (an unknown name, or TZ set empty)', () => {
      for (const tz of ['Mars/Olympus_Mons', '']) {
        process.env.TZ = tz;
        expect(new Date('2026-12-01T12:00:00Z').getTimezoneOffset()).toBe(0);
        expect(loadConfig({}).timeZone).toBe('UTC');
      }
    });

    it('refuses to start without TIME_ZONE if the clock is not UTC (TZ=JST-9 is nine hours ahead)', () => {
      process.env.TZ = 'JST-9';
      expect(new Date('2026-12-01T12:00:00Z').getTimezoneOffset()).toBe(-540);
      expect(() => loadConfig({})).toThrow(/TIME_ZONE is needed: this server's clock \(TZ="JST-9"\) is not UTC and names no time zone/);
      expect(loadConfig({ TIME_ZONE: 'Asia/Tokyo' }).timeZone).toBe('Asia/Tokyo');
    });
  });

  describe('single sign-on', () => {
    const sso = {
      OIDC_ISSUER: 'https://accounts.google.com',
      OIDC_CLIENT_ID: 'client-id.apps.googleusercontent.com',
      OIDC_CLIENT_SECRET: 'a-client-secret',
      OIDC_EMAIL_DOMAINS: ' District.org, @k12.district.org ,',
    };

    it('is off, with passwords on, by default', () => {
      expect(loadConfig({})).toMatchObject({ oidc: null, passwordSignIn: true });
      expect(loadConfig({ OIDC_ISSUER: '', OIDC_NEW_USERS: '', PASSWORD_SIGN_IN: '' })).toMatchObject({ oidc: null, passwordSignIn: true });
    });

    it('takes the provider, the client, the domains it serves (lowercased) and the callback under PUBLIC_URL', () => {
      expect(loadConfig({ ...sso, PUBLIC_URL: 'https://tandem.district.org' }).oidc).toEqual({
        issuer: 'https://accounts.google.com',
        clientId: 'client-id.apps.googleusercontent.com',
        clientSecret: 'a-client-secret',
        emailDomains: ['district.org', 'k12.district.org'],
        newUsers: 'off',
        redirectUri: 'https://tandem.district.org/sign-in/sso/callback',
      });
      expect(loadConfig({ ...sso, OIDC_NEW_USERS: 'teacher' }).oidc?.newUsers).toBe('teacher');
      expect(loadConfig({ ...sso, PASSWORD_SIGN_IN: 'off' }).passwordSignIn).toBe(false);
    });

    it('says which setting is missing or wrong', () => {
      expect(() => loadConfig({ OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(
        /OIDC_CLIENT_ID is needed[\s\S]*OIDC_CLIENT_SECRET is needed[\s\S]*OIDC_EMAIL_DOMAINS is needed/,
      );
      expect(() => loadConfig({ ...sso, OIDC_ISSUER: 'accounts.google.com' })).toThrow(
        /OIDC_ISSUER must be the URL of the OpenID provider/,
      );
      expect(() => loadConfig({ ...sso, OIDC_EMAIL_DOMAINS: 'district.org, district' })).toThrow(
        /OIDC_EMAIL_DOMAINS is a comma-separated list of email domains such as district.org, not "district"/,
      );
      expect(() => loadConfig({ ...sso, OIDC_NEW_USERS: 'admin' })).toThrow(/OIDC_NEW_USERS is off \(the default\) or teacher/);
      expect(() => loadConfig({ ...sso, PASSWORD_SIGN_IN: 'no' })).toThrow(/PASSWORD_SIGN_IN is on \(the default\) or off/);
      expect(() => loadConfig({ OIDC_CLIENT_ID: 'x', OIDC_NEW_USERS: 'teacher' })).toThrow(
        /OIDC_ISSUER is needed for single sign-on \(OIDC_CLIENT_ID, OIDC_NEW_USERS set without it\)/,
      );
    });

    it('refuses PASSWORD_SIGN_IN=off without single sign-on: nobody could sign in', () => {
      expect(() => loadConfig({ PASSWORD_SIGN_IN: 'off' })).toThrow(/PASSWORD_SIGN_IN=off needs single sign-on set up first/);
    });

    it('needs https, except a test provider on this machine outside production', () => {
      expect(() => loadConfig({ ...sso, OIDC_ISSUER: 'http://idp.district.org' })).toThrow(/OIDC_ISSUER must start with https:\/\//);
      expect(loadConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
      const production = { ...sso, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://tandem.district.org' };
      expect(() => loadConfig({ ...production, OIDC_ISSUER: 'http://127.0.0.1:4000' })).toThrow(/OIDC_ISSUER must start with https/);
    });

    it('needs PUBLIC_URL in production, for the address the provider sends people back to', () => {
      expect(() => loadConfig({ ...sso, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).toThrow(
        /PUBLIC_URL is needed for single sign-on/,
      );
    });
  });
});
