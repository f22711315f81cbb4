#!/usr/bin/env node
// The CLI runs from its TypeScript source, like every workspace: tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
