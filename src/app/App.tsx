import { lazy, Suspense } from 'react';
import { LESSONS } from '../../lessons';
import { useLab } from '../store/lab';
import { Home } from './Home';

// the lab's pages load with the page that shows them: the home page fetches none of their widgets
const LessonPage = lazy(() => import('./LessonPage').then((m) => ({ default: m.LessonPage })));
const MethodPage = lazy(() => import('./MethodPage').then((m) => ({ default: m.MethodPage })));

/** A lesson's page and its words, fetched together rather than one after the other (start.tsx calls this before rendering). */
export function preloadPage(lesson: string | null) {
  if (!lesson) return;
  void import('./LessonPage');
  void LESSONS.find((l) => l.id === lesson)?.load();
}

export function App() {
  const lesson = useLab((s) => s.experiment.lesson);
  const present = useLab((s) => s.experiment.present);
  const isMethodPage = typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('method') && !lesson;
  return (
    <div className={present ? 'app present' : 'app'}>
      <Suspense fallback={null}>{lesson ? <LessonPage id={lesson} /> : isMethodPage ? <MethodPage /> : <Home />}</Suspense>
    </div>
  );
}
