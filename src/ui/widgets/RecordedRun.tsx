import { useState } from 'react';
import { playbackSpeed, playRecorded, setPlaybackSpeed, trainLive } from '../../bridge/client';
import { SPEEDS } from '../../bridge/player';
import { useLab } from '../../store/lab';

/** about how long a student waits for a lesson's point before the page offers its recording */
const PATIENCE_S = 120;
/** steps trained before the rate is trusted (the first ones pay for a cold engine) */
const RATE_AFTER = 5;

/**
 * Seconds this machine needs to reach the lesson's point at its measured rate, where that is more
 * than a student's patience; null where it is not (or cannot be told yet).
 */
export function secondsToPoint(step: number, stepsPerSec: number, point: number | undefined): number | null {
  if (point === undefined || step < RATE_AFTER || step >= point || !(stepsPerSec > 0)) return null;
  const s = (point - step) / stepsPerSec;
  return s > PATIENCE_S ? s : null;
}

/**
 * Live or recorded, on a lesson page. Recorded: what plays, when and where it was recorded, its
 * speed, and the way back to live. Live: the switch, offered outright when the measured step rate
 * cannot reach the lesson's point in about two minutes.
 */
export function RecordedRun({ point }: { point?: { step: number; what: string } }) {
  const lesson = useLab((s) => s.experiment.lesson);
  const recorded = useLab((s) => !!s.experiment.recorded);
  const meta = useLab((s) => s.recording);
  // the offer as text, so that the widget re-renders when it changes, not on every step
  const offer = useLab((s) => {
    const wait = s.status === 'running' && !s.experiment.recorded ? secondsToPoint(s.step, s.stepsPerSec, point?.step) : null;
    return wait === null ? null : `${s.stepsPerSec.toFixed(1)}|${Math.ceil(wait / 60)}`;
  });
  const [speed, setSpeed] = useState(playbackSpeed());
  if (!lesson) return null;
  if (recorded)
    return (
      <section className="recorded-run" aria-label="Recorded run" data-mode="recorded">
        <p>
          <strong>Recorded run</strong>
          {meta ? (
            <>
              , recorded on <span data-metric="recordedOn">{meta.recordedOn}</span>, {meta.backend}: nothing trains here, every figure plays from the recording ({meta.steps} steps).
            </>
          ) : (
            ': loading…'
          )}
        </p>
        <div className="recorded-controls">
          <label>
            Speed{' '}
            <select
              value={speed}
              onChange={(e) => {
                const v = Number(e.target.value);
                setSpeed(v);
                setPlaybackSpeed(v);
              }}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s} steps/s
                </option>
              ))}
            </select>
          </label>
          <button className="btn" onClick={trainLive} data-action="live">
            Train live instead
          </button>
        </div>
      </section>
    );
  // live: the offer, when this machine is too slow for the lesson's point
  const slow = offer !== null;
  const [rate, minutes] = offer?.split('|') ?? [];
  return (
    <section className={`recorded-run ${slow ? 'offer' : ''}`} aria-label="Recorded run" data-mode="live">
      {slow && (
        <p role="status">
          At <strong>{rate} steps/s</strong>, step {point!.step} ({point!.what}) is about {minutes} minutes away on this machine.
        </p>
      )}
      <button className={`btn ${slow ? 'primary' : 'link'}`} onClick={playRecorded} data-action="recorded">
        Watch the recorded run
      </button>
    </section>
  );
}
