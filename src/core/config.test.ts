import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  const file = (content: string) => {
    const p = join(mkdtempSync(join(tmpdir(), 'tnmt-cfg-')), 'tnmt.config.json');
    writeFileSync(p, content);
    return p;
  };

  it('has working defaults', () => {
    const c = loadConfig({}, { TNMT_CONFIG: undefined });
    expect(c).toMatchObject({ port: 3000, dataDir: './data', defaultLocale: 'vi', loginMaxFailures: 5 });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads the file, and environment variables win over it', () => {
    const p = file(JSON.stringify({ port: 8080, orgName: 'Sở NN&MT', sessionMinutes: 60 }));
    const c = loadConfig({}, { TNMT_CONFIG: p, PORT: '9090' });
    expect(c).toMatchObject({ port: 9090, orgName: 'Sở NN&MT', sessionMinutes: 60 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({}, { PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { PORT: 'abc' })).toThrow(/^PORT: /);
    expect(() => loadConfig({}, { TNMT_SESSION_SECRET: 'ngan' })).toThrow(/^TNMT_SESSION_SECRET: /);
    expect(() => loadConfig({}, { TNMT_CONFIG: '/khong/co/tep.json' })).toThrow(/TNMT_CONFIG: file .* does not exist/);
    expect(() => loadConfig({}, { TNMT_CONFIG: file('{ không phải JSON') })).toThrow(/not valid JSON/);
  });
});
