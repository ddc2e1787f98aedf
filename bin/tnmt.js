#!/usr/bin/env node
// Launcher for the `tnmt` command: runs the TypeScript CLI through tsx's loader so no build step is needed.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
register();
await import(fileURLToPath(new URL('../src/cli.ts', import.meta.url)));
