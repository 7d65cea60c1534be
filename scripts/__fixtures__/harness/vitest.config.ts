// The harness self-test's own Vitest project: these files are never part of the real unit step.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { root: __dirname, include: ['*.fixture.ts'], environment: 'node', pool: 'forks' } });
