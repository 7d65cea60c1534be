import { LESSONS } from '../../lessons';
import { METHODS, METHOD_IDS } from '../config/methods';
import { Notices } from '../ui/widgets/Notices';
import { Header } from './Header';

export function Home() {
  return (
    <>
      <Header title="The Evolution of Contrastive Learning" subtitle="MoCo → SimCLR → BYOL → DINO → iBOT → DINOv2, trained for real in your browser." />
      <main className="home">
        <Notices />
        <section>
          <h2>Lessons</h2>
          <ul className="lesson-list">
            {LESSONS.map((l) => (
              <li key={l.id}>
                <a href={`?lesson=${l.id}`} data-lesson={l.id}>
                  <strong>{l.title}</strong>
                  <span>{l.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>Methods</h2>
          <ul className="method-list">
            {METHOD_IDS.map((id) => (
              <li key={id} className={METHODS[id].available ? '' : 'soon'}>
                {METHODS[id].available ? <a href={`?method=${id}`}>{METHODS[id].title}</a> : <span>{METHODS[id].title}</span>} <small>{METHODS[id].year}</small>
                {!METHODS[id].available && <small> · coming to the lab</small>}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}
