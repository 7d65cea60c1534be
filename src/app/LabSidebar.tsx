import { ControlPanel, ErrorBanner, Notices, Readouts, Transport } from '../ui/widgets';
import type { Group } from '../config/schema';

/** The live run beside every lesson: transport, headline numbers and the controls. */
export function LabSidebar({ open, readouts }: { open?: Group[]; readouts?: string[] }) {
  return (
    <aside className="lab-sidebar" aria-label="Live training">
      <Transport />
      <Notices />
      <ErrorBanner />
      <Readouts show={readouts} />
      <ControlPanel open={open} />
    </aside>
  );
}
