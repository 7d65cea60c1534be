import { Suspense, lazy, useEffect, useMemo } from 'react';
import { useLab } from '../store/lab';
import { recordLesson } from './progress';
import { LESSONS } from '../../lessons';
import { ensureLab, stopLab } from '../bridge/client';
import { Header } from './Header';
import { ShortcutHelp, useShortcuts } from '../ui/shortcuts';
import { LabSidebar } from './LabSidebar';

export function LessonPage({ id }: { id: string }) {
  const lesson = LESSONS.find((l) => l.id === id)!;
  const Content = useMemo(() => lazy(lesson.load), [lesson]);
  useEffect(() => {
    ensureLab();
    recordLesson(id);
    return stopLab;
  }, [id]);
  // how far this browser trained here, for the course map (a write every 10 steps at most; a recording trains nothing)
  const step = useLab((s) => (s.experiment.recorded ? 0 : Math.floor(s.step / 10) * 10));
  useEffect(() => {
    if (step > 0) recordLesson(id, step);
  }, [id, step]);
  const [help, setHelp] = useShortcuts();
  return (
    <>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <a className="skip-link" href="#lab-controls">
        Skip to the training controls
      </a>
      <Header title={lesson.title} subtitle={lesson.summary} />
      <main className="lesson-layout">
        <article className="lesson">
          <Suspense fallback={<p>Loading the lesson…</p>}>
            <Content />
          </Suspense>
        </article>
        <LabSidebar readouts={lesson.readouts} point={lesson.point} />
      </main>
    </>
  );
}
