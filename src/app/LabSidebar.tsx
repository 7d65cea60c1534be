// direct imports: the widget index (with KaTeX and the lesson-only figures) loads with the lessons
import { ControlPanel } from '../ui/widgets/ControlPanel';
import { ErrorBanner, Notices } from '../ui/widgets/Notices';
import { Readouts } from '../ui/widgets/Readouts';
import { ShareRun } from '../ui/widgets/ShareRun';
import { ExportRun } from '../ui/widgets/ExportRun';
import { Transport } from '../ui/widgets/Transport';
import { RecordedRun } from '../ui/widgets/RecordedRun';
import type { Group } from '../config/schema';
import { focusedRun, useLab } from '../store/lab';

/** The live run beside every lesson: transport, live or recorded, headline numbers and the controls. */
export function LabSidebar({ open, readouts, point }: { open?: Group[]; readouts?: string[]; point?: { step: number; what: string } }) {
  return (
    <aside className="lab-sidebar" id="lab-controls" tabIndex={-1} aria-label="Live training">
      <Transport />
      <RecordedRun point={point} />
      <Notices />
      <ErrorBanner />
      <FocusNote />
      <Readouts show={readouts} />
      <ShareRun />
      <ExportRun />
      <ControlPanel open={open} />
    </aside>
  );
}

/** With a sweep on the page, which run the numbers below belong to. */
function FocusNote() {
  const runs = useLab((s) => s.runOrder.length);
  const focus = useLab((s) => focusedRun(s).label);
  if (runs < 2) return null;
  return (
    <p className="focus-note">
      {runs} runs on one clock. Numbers below: <strong>{focus}</strong> (click a run’s panel to switch).
    </p>
  );
}
