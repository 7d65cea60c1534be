// A rehype plugin for the lessons' MDX: a wide formula or table scrolls inside its own box, never
// the page, and a keyboard reaches that box (a focusable, named region) to scroll it.
interface Node {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

const classes = (n: Node): string[] => {
  const c = n.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(' ') : [];
};

export function scrollBoxes() {
  return (tree: Node) => {
    const walk = (n: Node) => {
      if (!n.children) return;
      n.children = n.children.map((c) => {
        if (c.type === 'element' && classes(c).includes('katex-display')) {
          c.properties = { ...c.properties, tabIndex: 0, role: 'group', ariaLabel: 'Formula (scrolls sideways where it is wider than the page)' };
          return c;
        }
        if (c.type === 'element' && c.tagName === 'table') {
          return { type: 'element', tagName: 'div', properties: { className: ['scroll-box'], tabIndex: 0, role: 'group', ariaLabel: 'Table (scrolls sideways where it is wider than the page)' }, children: [c] };
        }
        walk(c);
        return c;
      });
    };
    walk(tree);
  };
}
