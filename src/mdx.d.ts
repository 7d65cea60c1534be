declare module '*.mdx' {
  import type { ComponentType } from 'react';
  const Content: ComponentType<{ components?: Record<string, ComponentType<unknown>> }>;
  export default Content;
}

// a file as a gzip asset (scripts/build/gzip-asset.ts): its URL
declare module '*?gzip' {
  const url: string;
  export default url;
}
