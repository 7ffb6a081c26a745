import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type Day, dayInZone } from '../../../../shared/days';
import { PageHeader } from '../../components/PageHeader';
import { PageStatus } from '../../components/PageStatus';
import { useSettingsStore } from '../../stores/settings';
import { PublishSection } from '../export/PublishSection';
import { DatabaseSection } from './DatabaseSection';
import { CadenceSection } from './CadenceSection';
import { FreezesSection } from './FreezesSection';
import { GatesSection } from './GatesSection';
import { HolidaysSection } from './HolidaysSection';
import { NotificationsSection } from './NotificationsSection';
import { SubscriptionsSection } from './SubscriptionsSection';
import { TeamServerSection } from './TeamServerSection';
import { TemplateSection } from './TemplateSection';
import { UserNameSection } from './UserNameSection';
import { UsersSection } from './UsersSection';
import { WorkingDaysSection } from './WorkingDaysSection';
import './settings.css';

/** Today where the person is, read once when the page opens: previews and "past" marks count from it. */
function useToday(): Day {
  const [today] = useState(() => dayInZone(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone));
  return today;
}

/** The Settings section: cadence, lifecycle template and calendar rules, each saved on its own. */
export function SettingsView() {
  const { status, loadError, settings, holidays, freezes } = useSettingsStore(
    useShallow(({ status, loadError, settings, holidays, freezes }) => ({
      status,
      loadError,
      settings,
      holidays,
      freezes,
    })),
  );
  const today = useToday();

  // Always fetch on open: another window, the CLI or the calendar may have changed the rules.
  useEffect(() => {
    void useSettingsStore.getState().load();
  }, []);

  if (status !== 'ready' || !settings)
    return (
      <PageStatus
        status={status === 'error' ? 'error' : 'loading'}
        what="the settings"
        loadError={loadError}
        onRetry={() => void useSettingsStore.getState().load()}
      />
    );

  return (
    <div className="page settings-page" data-testid="settings">
      <PageHeader
        title="Settings"
        subtitle="How release trains are laid out, and the days on which production releases may go out."
      />
      <div className="settings-grid">
        <CadenceSection saved={settings.cadence} today={today} />
        <TemplateSection
          saved={settings.template}
          anchorDate={settings.cadence.anchorDate}
          cadenceDays={settings.cadence.lengthDays}
          workingDays={settings.workingDays}
        />
        <WorkingDaysSection saved={settings.workingDays} />
        <HolidaysSection holidays={holidays} workingDays={settings.workingDays} today={today} />
        <FreezesSection freezes={freezes} today={today} />
        <GatesSection />
        <NotificationsSection />
        <SubscriptionsSection />
        <PublishSection />
        <UserNameSection />
        <UsersSection />
        <TeamServerSection />
        <DatabaseSection />
      </div>
    </div>
  );
}
