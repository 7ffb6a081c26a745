import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, describeFieldErrors, fieldErrorsFromZod } from '../../shared/errors';

describe('describeFieldErrors', () => {
  it('writes "field: message" for form fields', () => {
    expect(describeFieldErrors([{ field: 'weight', message: 'Weight cannot be negative.' }])).toBe(
      'weight: Weight cannot be negative.',
    );
  });

  it('puts the line first for cells of an imported file', () => {
    expect(describeFieldErrors([{ line: 4, field: 'time_zone', message: 'Not a zone.' }])).toBe(
      'line 4, time_zone: Not a zone.',
    );
  });

  it('joins several problems into one line, in order, and keeps line 0', () => {
    const text = describeFieldErrors([
      { field: 'key', message: 'Key is required.' },
      { line: 0, field: 'csv', message: 'Empty.' },
      { line: 7, field: 'tier', message: 'Bad tier.' },
    ]);
    expect(text).toBe('key: Key is required. line 0, csv: Empty. line 7, tier: Bad tier.');
    expect(text).not.toContain('\n');
  });

  it('describes no problems as an empty string', () => {
    expect(describeFieldErrors([])).toBe('');
  });
});

describe('fieldErrorsFromZod', () => {
  it('joins nested paths with dots and names the whole input when there is no path', () => {
    const schema = z.object({ changes: z.object({ weight: z.number() }) }).strict();
    const r = schema.safeParse({ changes: { weight: 'x' }, extra: 1 });
    expect(fieldErrorsFromZod(r.error!).map((f) => f.field)).toEqual(['changes.weight', '(input)']);
  });
});

describe('DomainError', () => {
  it('carries its code and field errors', () => {
    const err = new DomainError('conflict', 'Taken.', [{ field: 'key', message: 'Taken.' }]);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DomainError');
    expect([err.code, err.message, err.fields?.[0]?.field]).toEqual(['conflict', 'Taken.', 'key']);
  });
});
