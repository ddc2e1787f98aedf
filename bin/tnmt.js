#!/usr/bin/env node
// Launcher for the `tnmt` command: runs the TypeScript CLI through tsx's loader so no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import(new URL('../src/cli.ts', import.meta.url).href);
