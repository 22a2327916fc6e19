import { z } from 'zod';
import { charCodesToString } from './erlang-term/char-codes';

/**
 * Field schemas shared by the readers of rabbitmqctl JSON and of Erlang terms brought to plain
 * values. Every field is optional and falls back to undefined on a wrong type, so one odd field
 * (a placeholder, a cut) costs that field only.
 */
export const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const byteCount = z.number().finite();

/** A string, or the char-code list 3.7 JSON prints for one. */
export const textValue = z.union([
  z.string(),
  z.array(z.number()).transform((codes, context) => {
    const text = charCodesToString(codes);
    if (text === null) {
      context.issues.push({ code: 'custom', message: 'not a char-code list', input: codes });
      return z.NEVER;
    }
    return text;
  }),
]);

export const usedLimit = (usedKey: string, limitKey: string) =>
  z.looseObject({ [usedKey]: lenient(byteCount), [limitKey]: lenient(byteCount) }).transform((fields) => ({
    used: (fields[usedKey] as number | undefined) ?? null,
    limit: (fields[limitKey] as number | undefined) ?? null,
  }));

const VERSION_SHAPE = /^\d+\.\d+(?:\.\d+)?(?:[-+.][0-9A-Za-z.+-]*)?$/;

/** Placeholders such as `version_num` (in published fixtures) are not versions; unknown beats wrong. */
export const versionText = textValue.transform((text) => (VERSION_SHAPE.test(text.trim()) ? text.trim() : null));
