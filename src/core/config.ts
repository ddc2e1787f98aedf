import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration: environment variables win over the optional JSON file (TNMT_CONFIG, default ./tnmt.config.json),
 * which wins over defaults. Every key is documented in README.md.
 */
const ConfigSchema = z.object({
  port: z.coerce.number().int().min(1).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  /** postgres://… — when set, PostgreSQL; otherwise PGlite in dataDir */
  databaseUrl: z.string().optional(),
  dataDir: z.string().default('./data'),
  /** where uploaded files live; default <dataDir>/files */
  filesDir: z.string().optional(),
  maxUploadBytes: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  /** secret for signing session cookies, ≥ 32 characters; generated and kept in <dataDir>/secret when absent */
  sessionSecret: z.string().min(32).optional(),
  /** session lifetime, minutes of inactivity */
  sessionMinutes: z.coerce.number().int().positive().default(480),
  /** cookies marked Secure (HTTPS only); default true in production */
  secureCookies: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .optional(),
  /** failed sign-ins before an account is locked, and for how long */
  loginMaxFailures: z.coerce.number().int().positive().default(5),
  loginLockMinutes: z.coerce.number().int().positive().default(15),
  /** smtp://user:pass@host:port — e-mail is queued in the outbox and not sent when absent */
  smtpUrl: z.string().optional(),
  mailFrom: z.string().default('tnmt <no-reply@localhost>'),
  /** secret used to sign webhook bodies (X-Tnmt-Signature: sha256=…) */
  webhookSecret: z.string().optional(),
  /** SMS/Zalo gateway receiving applicant notices as signed webhooks; unset = e-mail only */
  applicantWebhookUrl: z.string().url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** name shown in the header */
  orgName: z.string().default('Sở Tài nguyên và Môi trường tỉnh Sóc Trăng'),
  defaultLocale: z.enum(['vi', 'en']).default('vi'),
});

export type Config = z.infer<typeof ConfigSchema>;

const ENV_KEYS: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'TNMT_DATA',
  filesDir: 'TNMT_FILES',
  maxUploadBytes: 'TNMT_MAX_UPLOAD_BYTES',
  sessionSecret: 'TNMT_SESSION_SECRET',
  sessionMinutes: 'TNMT_SESSION_MINUTES',
  secureCookies: 'TNMT_SECURE_COOKIES',
  loginMaxFailures: 'TNMT_LOGIN_MAX_FAILURES',
  loginLockMinutes: 'TNMT_LOGIN_LOCK_MINUTES',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  webhookSecret: 'TNMT_WEBHOOK_SECRET',
  applicantWebhookUrl: 'TNMT_APPLICANT_WEBHOOK_URL',
  logLevel: 'LOG_LEVEL',
  orgName: 'TNMT_ORG_NAME',
  defaultLocale: 'TNMT_LOCALE',
};

export class ConfigError extends Error {}

export function loadConfig(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const file = env.TNMT_CONFIG ?? './tnmt.config.json';
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${resolve(file)}: not valid JSON (${(e as Error).message})`);
    }
  } else if (env.TNMT_CONFIG) {
    throw new ConfigError(`TNMT_CONFIG: file ${resolve(file)} does not exist`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const definedOverrides = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...definedOverrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]) as keyof Config;
    throw new ConfigError(`${ENV_KEYS[key] ?? key}: ${issue.message}`);
  }
  return parsed.data;
}

export function filesDirOf(config: Config): string {
  return config.filesDir ?? resolve(config.dataDir, 'files');
}
