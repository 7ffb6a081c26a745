import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/method-names';
import { METHOD_ROLES, ROLES, mayCall } from '../../shared/method-roles';
import { permission } from '../../renderer/src/shell/permissions';

// What `useMayCall` answers: the table of shared/method-roles.ts for the signed-in role, and
// everything outside a team server (role null).

describe('useMayCall', () => {
  it('allows everything in the desktop app and browser mode', () => {
    for (const method of METHOD_NAMES) expect(permission(null, method)).toEqual({ allowed: true, reason: null });
  });

  it('follows the method-roles table for every role and method, saying which role a refusal needs', () => {
    for (const role of ROLES)
      for (const method of METHOD_NAMES) {
        const p = permission(role, method);
        expect(p.allowed, `${role} ${method}`).toBe(mayCall(role, method));
        expect(p.reason === null, `${role} ${method}`).toBe(p.allowed);
      }
  });

  it('words the refusals of the buttons a viewer and a lead see greyed out', () => {
    expect(permission('viewer', 'trains.setNotes').reason).toBe('Needs the release manager role');
    expect(permission('viewer', 'rollout.move').reason).toBe('Needs the lead role');
    expect(permission('lead', 'rollout.move').allowed).toBe(true);
    expect(permission('lead', 'gates.set').reason).toBe('Needs the release manager role');
    expect(permission('release-manager', 'settings.update').reason).toBe('Needs the admin role');
    expect(permission('admin', 'settings.update').allowed).toBe(true);
    expect(METHOD_ROLES['export.render']).toBe('release-manager');
  });
});
