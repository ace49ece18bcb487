import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  test('defaults work for development with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      orgName: 'Oxfordshire County Council',
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      reminderIntervalSeconds: 60,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.demoPassword).toBe('market-testing-demo');
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ SMTP_URL: 'nope' }, /SMTP_URL/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET: must be at least 32 characters/],
    [{ DEMO_PASSWORD: 'tiny' }, /DEMO_PASSWORD/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ REMINDER_INTERVAL_SECONDS: '0' }, /REMINDER_INTERVAL_SECONDS/],
  ])('%o is refused naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('production refuses to start without SESSION_SECRET, DATABASE_URL and BASE_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'SESSION_SECRET, DATABASE_URL, BASE_URL must be set in production',
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), DATABASE_URL: 'postgres://db/x' }),
    ).toThrow('BASE_URL must be set in production');
  });

  test('production insists on https', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(32),
        DATABASE_URL: 'postgres://db/x',
        BASE_URL: 'http://portal.council.test',
      }),
    ).toThrow('BASE_URL must use https');
  });

  test('a complete production configuration is accepted', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
      DATABASE_URL: 'postgres://db/x',
      BASE_URL: 'https://portal.council.test/',
      ORG_NAME: 'London Borough of Bromley',
    });
    expect(config.isProduction).toBe(true);
    expect(config.baseUrl).toBe('https://portal.council.test');
    expect(config.orgName).toBe('London Borough of Bromley');
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '' }).port).toBe(3000);
  });
});
