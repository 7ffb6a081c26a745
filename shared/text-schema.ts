import { z } from 'zod';

/**
 * A required line of text, trimmed, at most `max` characters; messages name it `label`
 * ("Gate name is required."). An empty value gets that one message, not the checks chained
 * after it (a key's pattern); `abortOverMax` does the same for a value that is too long.
 */
export function requiredText(label: string, max: number, options: { abortOverMax?: boolean } = {}) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.`, abort: true })
    .max(max, { error: `${label} must be at most ${max} characters.`, abort: options.abortOverMax ?? false });
}
