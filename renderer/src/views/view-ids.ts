/**
 * The ids of the app's top-level sections. A leaf module: stores and the shell
 * name views without importing the registry, which imports every view.
 */
export type ViewId = 'fleet' | 'calendar' | 'rollouts' | 'fairness' | 'insights' | 'settings';
