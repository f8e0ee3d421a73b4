import { describe, expect, it } from 'vitest';
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

  it('refuses a non-file DATABASE_URL and a bad port', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/SQLite file URL/);
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
});
