import { useEffect } from 'react';
import { METHODS } from '../config/methods';
import { useLab } from '../store/lab';
import { EmbeddingView, KnnChart, LossChart, ViewsStrip } from '../ui/widgets';
import { startLab, stopLab } from '../worker/client';
import { Header } from './Header';
import { ShortcutHelp, useShortcuts } from '../ui/shortcuts';
import { LabSidebar } from './LabSidebar';

/** A method's plain page (`?method=<id>`): the run and its instruments, no lesson text. */
export function MethodPage() {
  const method = useLab((s) => s.experiment.method);
  useEffect(() => {
    startLab();
    return stopLab;
  }, [method]);
  const [help, setHelp] = useShortcuts();
  return (
    <>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Header title={METHODS[method].title} subtitle="The method on its own: every control, every instrument." />
      <main className="lesson-layout">
        <article className="lesson wide">
          <LossChart />
          <KnnChart />
          <div className="two-col">
            <EmbeddingView />
            <ViewsStrip />
          </div>
        </article>
        <LabSidebar open={['method', 'optimisation', 'augmentation']} />
      </main>
    </>
  );
}
