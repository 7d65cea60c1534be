// When the runner sends what, read off the report table: which periodic report is most overdue
// after a tick, and whether this step is a profiled one.
import { REPORT_NAMES, REPORTS, type ReportDef, type ReportName } from '../engine/reports';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReport = ReportDef<any, any, boolean>;
export const table = REPORTS as Record<ReportName, AnyReport>;
export const scheduled = (kind: string) => REPORT_NAMES.filter((k) => table[k].schedule.kind === kind);
/** reports that refresh while training runs and a widget watches them */
export const PERIODIC = scheduled('periodic');

/**
 * The watched periodic report most overdue after this tick, if any is due: each waits at least its
 * `everyMs`, and longer when it is slow, so that it takes about its `share` of the time.
 */
export function periodicDue(watching: Set<ReportName>, sent: Map<ReportName, { last: number; ms: number }>, now: number): ReportName | null {
  let best: ReportName | null = null;
  let lateness = 0;
  for (const what of PERIODIC) {
    if (!watching.has(what)) continue;
    const { last, ms } = sent.get(what) ?? { last: 0, ms: 0 };
    const { everyMs, share } = table[what].schedule as { everyMs: number; share: number };
    const late = now - last - Math.max(everyMs, ms / share);
    if (late > lateness) {
      best = what;
      lateness = late;
    }
  }
  return best;
}

/** The profiled-step report due at this step, if a widget watches it. */
export function profiledDue(watching: Set<ReportName>, step: number): ReportName | null {
  for (const name of scheduled('profiledStep')) if (watching.has(name) && step % (table[name].schedule as { every: number }).every === 0) return name;
  return null;
}
