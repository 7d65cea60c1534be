import { describe, expect, it } from 'vitest';
import { pageWatches, pageWidgets } from './record';

// what each page's widgets ask for, as read in the widgets' files by hand
describe('the reports a lesson page watches (what its recording must hold)', () => {
  it('are those of the widgets it places, and of the widgets they draw', () => {
    expect(pageWatches('dino')).toEqual(['attention', 'teacher']); // AttentionGrid, TeacherBars in ComparePanel
    expect(pageWatches('ibot')).toEqual(['attention', 'masked', 'patches']);
    expect(pageWatches('temperature')).toEqual(['geometry']); // SimilarityMatrix; SweepPanel's SphereView
    expect(pageWatches('simclr')).toEqual(['embedding']);
    expect(pageWatches('projection-head')).toEqual(['probes']);
  });
  it('count a panel’s default contents only where the lesson gives it none', () => {
    expect(pageWatches('collapse')).toEqual(['embedding', 'geometry']); // <ComparePanel />: gauges and embedding
    expect(pageWatches('small-batch')).toEqual([]); // its ComparePanel holds charts of its own
  });
  it('know which pages draw the geometry report’s raw outputs (the rest record it without them)', () => {
    expect(pageWidgets('temperature').widgets.has('SimilarityMatrix')).toBe(true);
    expect(['SimilarityMatrix', 'SphereView'].some((w) => pageWidgets('collapse').widgets.has(w))).toBe(false);
  });
});
