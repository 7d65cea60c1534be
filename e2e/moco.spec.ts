import { expect, test } from '@playwright/test';
import { labState, metric } from './helpers';

test('the MoCo lesson trains MoCo and SimCLR at the same batch, each with its memory, and MoCo with its queue', async ({ page }) => {
  await page.goto('/?lesson=moco&backend=wasm&batchSize=16&queueSize=256&autorun=1');
  await expect(page.locator('[data-run]')).toHaveCount(2);
  expect(await labState<string[]>(page, 's.runOrder')).toEqual(['moco', 'simclr']);
  for (const run of ['moco', 'simclr']) {
    for (const m of ['modelBytes', 'stepPeak', 'stepMs']) {
      await expect.poll(async () => parseFloat((await metric(page, m, run).textContent()) ?? ''), { timeout: 90_000 }).toBeGreaterThan(0);
    }
  }
  // MoCo's state is its queue, K × d floats; SimCLR keeps nothing between steps
  const mem = await labState<{ stateBytes: number; queue?: { size: number; ptr: number; filled: number; batch: number } }[]>(page, "['moco', 'simclr'].map((r) => s.runs[r].memory)");
  expect(mem[0].stateBytes).toBe(256 * 128 * 4);
  expect(mem[0].queue).toMatchObject({ size: 256, batch: 16 });
  expect(mem[1].stateBytes).toBe(0);
  expect(mem[1].queue).toBeUndefined();
  await expect(metric(page, 'stateBytes', 'moco')).toHaveText('0.13 MB');
  await expect(page.locator('[data-run="moco"] .queue-ring')).toHaveAttribute('data-slots', String(256 / 16));
  await expect(page.locator('[data-run="simclr"] .queue-ring')).toHaveCount(0);
  // the queue fills as it trains: the real keys readout and the queueFill readout agree with the store
  await expect.poll(async () => labState<number>(page, 's.runs.moco.memory.queue.filled'), { timeout: 90_000 }).toBeGreaterThan(16);
  await page.getByRole('button', { name: 'Pause training' }).click();
  await expect(metric(page, 'status')).toHaveText('paused');
  const filled = await labState<number>(page, 's.runs.moco.memory.queue.filled');
  await expect(metric(page, 'queueKeys', 'moco')).toHaveText(filled.toLocaleString('en'));
  await expect.poll(async () => Number(await metric(page, 'queueFill', 'moco').textContent())).toBeGreaterThan(0);

  // once full (K = 256 keys at 16 a step: step 16) the queue stays full and its oldest keys give way:
  // the write position moves on by the batch each step, (step · 16) mod 256
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(async () => labState<number>(page, 's.runs.moco.memory.queue.filled'), { timeout: 90_000 }).toBe(256);
  const first = await labState<{ step: number; queue: { ptr: number } }>(page, 's.runs.moco.memory');
  await expect.poll(async () => labState<number>(page, 's.runs.moco.memory.step'), { timeout: 90_000 }).toBeGreaterThan(first.step);
  const later = await labState<{ step: number; queue: { ptr: number; filled: number } }>(page, 's.runs.moco.memory');
  for (const m of [first, later]) expect(m.queue.ptr).toBe((m.step * 16) % 256);
  expect(later.queue.filled).toBe(256);
  // and the ring shows every segment written
  await expect(page.locator('[data-run="moco"] .queue-ring')).toHaveAttribute('data-real', String(256 / 16));
  const fills = await labState<number[]>(page, "s.runs.moco.history.map((h) => h.queueFill)");
  fills.forEach((f, i) => expect(f).toBeCloseTo(Math.min(1, ((i + 1) * 16) / 256), 6));
});
