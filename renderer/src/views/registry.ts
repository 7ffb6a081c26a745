import type { ComponentType } from 'react';
import { CalendarView } from './calendar/CalendarView';
import { FairnessView } from './fairness/FairnessView';
import { FleetView } from './fleet/FleetView';
import { InsightsView } from './insights/InsightsView';
import { RolloutsView } from './rollouts/RolloutsView';
import { SettingsView } from './settings/SettingsView';
import type { ViewId } from './view-ids';

/**
 * The app's top-level sections, in navigation order; adding a view is its id in
 * `view-ids.ts` and one entry here.
 */
export const VIEWS = [
  { id: 'fleet', label: 'Fleet', component: FleetView },
  { id: 'calendar', label: 'Calendar', component: CalendarView },
  { id: 'rollouts', label: 'Rollouts', component: RolloutsView },
  { id: 'fairness', label: 'Fairness', component: FairnessView },
  { id: 'insights', label: 'Insights', component: InsightsView },
  { id: 'settings', label: 'Settings', component: SettingsView },
] as const satisfies readonly { id: ViewId; label: string; component: ComponentType }[];
