#!/usr/bin/env node
// The `lectern` command: runs the TypeScript CLI through tsx's loader, resolved from this package.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
