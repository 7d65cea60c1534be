// Typechecks, and throws while being loaded: the module it imports throws at the top level.
import { expect, it } from 'vitest';
import { value } from './throws-on-load.module';

it('never runs', () => expect(value).toBe(1));
