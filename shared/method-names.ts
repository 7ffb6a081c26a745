// The API's method names, free of zod so that the sandboxed preload can import
// them without bundling the schemas. `contract.ts` checks that both agree.
export const METHOD_NAMES = [
  'app.info',
  'deployments.list',
  'deployments.get',
  'deployments.create',
  'deployments.update',
  'deployments.retire',
  'deployments.reactivate',
  'deployments.block',
  'deployments.unblock',
  'deployments.importCsv',
  'deployments.exportCsv',
  'fleet.loadDemo',
  'calendar.range',
  'trains.list',
  'trains.get',
  'trains.plan',
  'trains.move',
  'trains.skip',
  'trains.cancel',
  'trains.reinstate',
  'trains.rename',
  'trains.setNotes',
  'holidays.list',
  'holidays.add',
  'holidays.remove',
  'freezes.list',
  'freezes.add',
  'freezes.remove',
  'settings.get',
  'settings.update',
  'rollout.get',
  'rollout.plan',
  'rollout.move',
  'fairness.report',
  'simulate.run',
  'policy.get',
  'policy.update',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The IPC channel of one method: a fixed name per method, never a generic channel. */
export function ipcChannel(method: MethodName): string {
  return `rc:${method}`;
}
