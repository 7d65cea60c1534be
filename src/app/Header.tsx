import { OfflineBadge } from './OfflineBadge';

export function Header({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <header className="site-header">
      <a href="./" className="brand">
        <span className="brand-mark">◐◑</span> Contrastive Lab
      </a>
      <div className="header-title">
        <h1>{title}</h1>
        {subtitle && <p>{subtitle}</p>}
      </div>
      <OfflineBadge />
    </header>
  );
}
