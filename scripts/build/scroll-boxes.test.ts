import { describe, expect, it } from 'vitest';
import { scrollBoxes } from './scroll-boxes';

describe('the lessons’ scroll boxes (rehype)', () => {
  it('makes display maths focusable and wraps every table in a focusable box, leaving the rest alone', () => {
    const table = { type: 'element', tagName: 'table', properties: {}, children: [] };
    const display = { type: 'element', tagName: 'span', properties: { className: ['katex-display'] }, children: [] };
    const inline = { type: 'element', tagName: 'span', properties: { className: ['katex'] }, children: [] };
    const tree = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [display, inline] }, table] };
    scrollBoxes()(tree);
    const [p, box] = tree.children as { tagName: string; properties: Record<string, unknown>; children: { properties: Record<string, unknown> }[] }[];
    expect(p.children[0].properties).toMatchObject({ tabIndex: 0, role: 'group' });
    expect(p.children[1].properties).toEqual({ className: ['katex'] });
    expect(box.tagName).toBe('div');
    expect(box.properties).toMatchObject({ className: ['scroll-box'], tabIndex: 0 });
    expect(box.children[0]).toBe(table);
  });
});
