import { useLab } from '../store/lab';
import { Home } from './Home';
import { LessonPage } from './LessonPage';
import { MethodPage } from './MethodPage';

export function App() {
  const lesson = useLab((s) => s.experiment.lesson);
  const present = useLab((s) => s.experiment.present);
  const isMethodPage = typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('method') && !lesson;
  return <div className={present ? 'app present' : 'app'}>{lesson ? <LessonPage id={lesson} /> : isMethodPage ? <MethodPage /> : <Home />}</div>;
}
