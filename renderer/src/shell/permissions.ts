import type { MethodName } from '../../../shared/method-names';
import { METHOD_ROLES, ROLE_LABELS, type Role, mayCall } from '../../../shared/method-roles';

/** Whether the signed-in person may press what calls `method`, and if not, why (a button's title). */
export interface Permission {
  allowed: boolean;
  /** "Needs the release manager role"; null when allowed. */
  reason: string | null;
}

const ALLOWED: Permission = { allowed: true, reason: null };

/**
 * From `shared/method-roles.ts`: `role` is the signed-in person's on a team server, null in the
 * desktop app and browser mode, which serve the owner of the file and allow everything.
 */
export function permission(role: Role | null, method: MethodName): Permission {
  if (role === null || mayCall(role, method)) return ALLOWED;
  return { allowed: false, reason: `Needs the ${ROLE_LABELS[METHOD_ROLES[method]].toLowerCase()} role` };
}
