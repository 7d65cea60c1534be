import { useOffline } from './offline';

const SAY = { saving: 'Saving for offline use…', ready: '✓ Works offline', failed: 'Offline copy failed (the lab still works online)', unsupported: '' } as const;

/** Whether this browser has the whole lab for offline use, and whether a new version is waiting. */
export function OfflineBadge() {
  const { offline, update } = useOffline();
  if (offline === 'unsupported' && !update) return null;
  return (
    <p className="offline-badge" role="status" data-offline={offline} data-update={update ? 'ready' : undefined}>
      {SAY[offline]}
      {update && <span className="update-note"> A new version of the lab is ready: it applies the next time you open or reload the page.</span>}
    </p>
  );
}
