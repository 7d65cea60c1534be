import { useEffect } from 'react';
import { METHODS } from '../config/methods';
import { useLab } from '../store/lab';
import { AttentionGrid } from '../ui/widgets/AttentionGrid';
import { KnnChart, LossChart } from '../ui/widgets/Charts';
import { EmbeddingView } from '../ui/widgets/EmbeddingView';
import { SweepPanel } from '../ui/widgets/SweepPanel';
import { ViewsStrip } from '../ui/widgets/ViewsStrip';
import { ensureLab, stopLab } from '../bridge/client';
import { Header } from './Header';
import { ShortcutHelp, useShortcuts } from '../ui/shortcuts';
import { LabSidebar } from './LabSidebar';

/** A method's plain page (`?method=<id>`): the run and its instruments, no lesson text. */
export function MethodPage() {
  const method = useLab((s) => s.experiment.method);
  const sweep = useLab((s) => s.experiment.sweep);
  const vit = useLab((s) => s.experiment.config.backbone === 'vit');
  useEffect(() => {
    ensureLab();
    return stopLab;
  }, [method]);
  const [help, setHelp] = useShortcuts();
  return (
    <>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Header title={METHODS[method].title} subtitle="The method on its own: every control, every instrument." />
      <main className="lesson-layout">
        <article className="lesson wide">
          {sweep && <SweepPanel presets={[]} />}
          <LossChart />
          <KnnChart />
          <div className="two-col">
            <EmbeddingView />
            <ViewsStrip />
          </div>
          {vit && <AttentionGrid />}
        </article>
        <LabSidebar open={['method', 'optimisation', 'augmentation']} />
      </main>
    </>
  );
}
