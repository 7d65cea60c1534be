// The course map: the lecture's journey from MoCo to DINOv2, each step with what it answers, its
// mechanism and its lessons (with this browser's progress), then the papers' results tables.
import { useState } from 'react';
import { LESSONS } from '../../lessons';
import { METHODS, METHOD_IDS } from '../config/methods';
import { Notices } from '../ui/widgets/Notices';
import { JOURNEY, RESULTS } from '../../lessons/course';
import { Header } from './Header';
import { readProgress } from './progress';
import { ResultsTables } from './ResultsTables';

export function Home() {
  const [progress] = useState(readProgress);
  const mark = (id: string) => {
    const p = progress[id];
    return p?.steps ? `✓ trained ${p.steps} steps` : p?.visited ? '✓ opened' : '';
  };
  return (
    <>
      <Header title="The Evolution of Contrastive Learning" subtitle="MoCo → SimCLR → BYOL → DINO → iBOT → DINOv2, trained for real in your browser." />
      <main className="home">
        <Notices />
        <section>
          <h2>The journey</h2>
          <ol className="journey">
            {JOURNEY.map((j) => (
              <li key={j.method} data-method={j.method}>
                <div className="journey-year">{j.year}</div>
                <div className="journey-body">
                  <h3>
                    <a href={`?method=${j.method}`}>{METHODS[j.method].title}</a>
                  </h3>
                  <p className="journey-why">
                    <b>Why:</b> {j.answers}
                  </p>
                  <p>
                    <b>How:</b> {j.mechanism}
                  </p>
                  <p className="journey-links">
                    {j.lessons.length ? (
                      j.lessons.map((id) => {
                        const l = LESSONS.find((x) => x.id === id)!;
                        return (
                          <a key={id} href={`?lesson=${id}`} className="btn">
                            {l.title} {mark(id) && <small data-progress={id}>{mark(id)}</small>}
                          </a>
                        );
                      })
                    ) : (
                      <span className="sweep-note">Its lesson is on the way; the method already trains on its own page.</span>
                    )}
                  </p>
                  <small className="journey-paper">{j.paper}</small>
                </div>
              </li>
            ))}
          </ol>
        </section>
        <section>
          <h2>Lessons</h2>
          <ul className="lesson-list">
            {LESSONS.map((l) => (
              <li key={l.id}>
                <a href={`?lesson=${l.id}`} data-lesson={l.id}>
                  <strong>
                    {l.title} {mark(l.id) && <small data-progress={l.id}>{mark(l.id)}</small>}
                  </strong>
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
        <section>
          <h2>What the papers measured</h2>
          <p className="sweep-note">The lecture’s tables, at full scale (ImageNet, ResNet-50 or ViT, hundreds of epochs). Click a column to sort.</p>
          <ResultsTables tables={RESULTS} />
        </section>
      </main>
    </>
  );
}
