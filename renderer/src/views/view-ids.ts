/**
 * The ids of the app's top-level sections. A leaf module: stores and the shell
 * name views without importing the registry, which imports every view.
 */
export const VIEW_IDS = ['fleet', 'calendar', 'rollouts', 'fairness', 'settings'] as const;

export type ViewId = (typeof VIEW_IDS)[number];
