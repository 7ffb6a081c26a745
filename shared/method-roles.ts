import type { MethodName } from './method-names';

// Who may call each API method on a team server (docs/team-mode.md). Roles are ordered: each one
// may do everything the ones before it may. Free of zod, like the method names, so the renderer
// can ask what the signed-in person may press without loading the schemas. The desktop app and
// browser mode on 127.0.0.1 serve one person, the owner of the file, and check no role.

export const ROLES = ['viewer', 'lead', 'release-manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  lead: 'Lead',
  'release-manager': 'Release manager',
  admin: 'Admin',
};

/** What each role adds to the one before it, in a few words (help, the admin page). */
export const ROLE_SUMMARIES: Record<Role, string> = {
  viewer: 'reads the plan, its tracking and its figures, and subscribes to feeds',
  lead: 'also changes the rollout order: plans, moves and the policy',
  'release-manager': 'also runs trains, the fleet, gates, steps, halts, exports and publishing',
  admin: 'also manages users, the calendar settings and the database',
};

/** The least role each method needs. */
export const METHOD_ROLES = {
  'app.info': 'viewer',
  'database.check': 'admin',
  'database.backups': 'admin',
  'database.backup': 'admin',
  'database.restore': 'admin',
  'deployments.list': 'viewer',
  'deployments.get': 'viewer',
  'deployments.create': 'release-manager',
  'deployments.update': 'release-manager',
  'deployments.retire': 'release-manager',
  'deployments.reactivate': 'release-manager',
  'deployments.block': 'release-manager',
  'deployments.unblock': 'release-manager',
  'deployments.importCsv': 'release-manager',
  'deployments.exportCsv': 'viewer',
  'fleet.loadDemo': 'admin',
  'fleet.versions': 'viewer',
  'calendar.range': 'viewer',
  'calendar.overview': 'viewer',
  'trains.list': 'viewer',
  'trains.get': 'viewer',
  'trains.plan': 'release-manager',
  'trains.move': 'release-manager',
  'trains.skip': 'release-manager',
  'trains.cancel': 'release-manager',
  'trains.reinstate': 'release-manager',
  'trains.rename': 'release-manager',
  'trains.setNotes': 'release-manager',
  'holidays.list': 'viewer',
  'holidays.add': 'release-manager',
  'holidays.remove': 'release-manager',
  'freezes.list': 'viewer',
  'freezes.add': 'release-manager',
  'freezes.remove': 'release-manager',
  'settings.get': 'viewer',
  'settings.update': 'admin',
  'rollout.get': 'viewer',
  'rollout.plan': 'lead',
  'rollout.move': 'lead',
  'fairness.report': 'viewer',
  'fairness.rebuild': 'lead',
  'kpis.report': 'viewer',
  'simulate.run': 'viewer',
  'simulate.progress': 'viewer',
  'simulate.cancel': 'viewer',
  'policy.get': 'viewer',
  'policy.update': 'lead',
  'gates.list': 'viewer',
  'gates.set': 'release-manager',
  'gates.defaults.get': 'viewer',
  'gates.defaults.update': 'release-manager',
  'steps.transition': 'release-manager',
  'trains.halt': 'release-manager',
  'trains.resume': 'release-manager',
  'patches.transition': 'release-manager',
  'status.get': 'viewer',
  'today.board': 'viewer',
  'rollouts.overview': 'viewer',
  'deployments.history': 'viewer',
  'audit.list': 'viewer',
  'audit.undo': 'release-manager',
  'export.render': 'release-manager',
  'export.save': 'release-manager',
  'publish.get': 'viewer',
  'publish.update': 'release-manager',
  // Subscribing is a viewer's right; the service lets a person revoke only their own feeds, an admin any.
  'feeds.list': 'viewer',
  'feeds.create': 'viewer',
  'feeds.revoke': 'viewer',
  'notifications.settings.get': 'viewer',
  'notifications.settings.update': 'release-manager',
  'notifications.take': 'viewer',
  'user.get': 'viewer',
  'user.update': 'admin',
  'users.list': 'admin',
  'users.add': 'admin',
  'users.setRole': 'admin',
  'users.disable': 'admin',
  'users.enable': 'admin',
  'users.resetPassword': 'admin',
} as const satisfies Record<MethodName, Role>;

/** Whether `role` may call `method`. */
export function mayCall(role: Role, method: MethodName): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(METHOD_ROLES[method]);
}
