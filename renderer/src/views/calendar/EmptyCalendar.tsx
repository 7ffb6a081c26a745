import { LogoMark } from '../../components/icons';
import { PlanTrainsForm } from './PlanTrainsForm';

/** No train yet: what the calendar will show, and the form that plans the first trains. */
export function EmptyCalendar() {
  return (
    <div className="page-state">
      <section className="page-state-card calendar-empty" aria-labelledby="calendar-empty-title">
        <LogoMark width={36} height={36} />
        <h1 id="calendar-empty-title">No release trains yet</h1>
        <p>
          A train starts every cadence and lives four weeks: two of development, one of internal validation and first
          production waves, one for the rest of the fleet and monitoring. Plan the first ones and the calendar shows
          them overlapping, with their release days moved off holidays and freezes.
        </p>
        <PlanTrainsForm />
      </section>
    </div>
  );
}
