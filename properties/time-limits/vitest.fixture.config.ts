// Config of the child vitest run by properties/time-limits.test.ts: the suite's own settings
// (forks pool, tsx loader, properties/setup.ts), with `include` replaced by the fixture.
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default defineConfig({ ...base, test: { ...base.test, include: ['properties/time-limits/*.fixture.ts'] } });
