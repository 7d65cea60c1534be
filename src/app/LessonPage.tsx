import { Suspense, lazy, useEffect, useMemo } from 'react';
import { LESSONS } from '../../lessons';
import { startLab, stopLab } from '../worker/client';
import { Header } from './Header';
import { ShortcutHelp, useShortcuts } from '../ui/shortcuts';
import { LabSidebar } from './LabSidebar';

export function LessonPage({ id }: { id: string }) {
  const lesson = LESSONS.find((l) => l.id === id)!;
  const Content = useMemo(() => lazy(lesson.load), [lesson]);
  useEffect(() => {
    startLab();
    return stopLab;
  }, [id]);
  const [help, setHelp] = useShortcuts();
  return (
    <>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Header title={lesson.title} subtitle={lesson.summary} />
      <main className="lesson-layout">
        <article className="lesson">
          <Suspense fallback={<p>Loading the lesson…</p>}>
            <Content />
          </Suspense>
        </article>
        <LabSidebar readouts={lesson.readouts} />
      </main>
    </>
  );
}
