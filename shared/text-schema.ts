import { z } from 'zod';

/** A required line of text, trimmed, at most `max` characters; messages name it `label` ("Gate name is required."). */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);
}
