import type { Command } from 'commander';
import type { Config } from './config.js';
import type { Database } from './db/index.js';

/** What a CLI command group receives; the database is opened (and migrated) only when a command needs it. */
export interface CliContext {
  config(): Config;
  openDb(): Promise<Database>;
  out(line: string): void;
}

export type RegisterCli = (program: Command, ctx: CliContext) => void;

/** A bad argument: the CLI prints `error: <message>` on one line and exits with status 2. */
export class CliUsageError extends Error {}
