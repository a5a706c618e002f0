#!/usr/bin/env node
// The package bin: loads the TypeScript sources through tsx (a runtime dependency), so
// `npx radwallet` works from a clone without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
