/** Turning a zod issue into a message that names the field (shared by every schema of the engine). */
import type { z } from 'zod';

/** Formats a zod issue as `<prefix>.<path>: message`. */
export function describeIssue(prefix: string, issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = [prefix, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return {
      field,
      message: `${field}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (remove ${keys.length > 1 ? 'them' : 'it'})`,
    };
  }
  return { field, message: `${field}: ${issue.message}` };
}
