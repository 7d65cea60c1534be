// The registry: adding a method is one file plus one line here.
import type { MethodId } from '../../config/methods';
import { byol } from './byol';
import { dino } from './dino';
import { dinov2 } from './dinov2';
import { ibot } from './ibot';
import { moco } from './moco';
import { simclr } from './simclr';
import { simsiam } from './simsiam';
import type { AnyMethod } from './types';

export const ENGINE_METHODS: Partial<Record<MethodId, AnyMethod>> = { simclr, moco, byol, simsiam, dino, ibot, dinov2 };

export function getMethod(id: MethodId): AnyMethod {
  const m = ENGINE_METHODS[id];
  if (!m) throw new Error(`Method ${id} is not implemented yet`);
  return m;
}
