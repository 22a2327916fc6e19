import { z } from 'zod';
import type { TypedConfirmation } from '../../reply/model';

/**
 * A button that asks for a typed word carries what to ask in its Slack value, next to the action's
 * own value: the press must open the modal within the trigger's 3 s, with nothing to look up.
 */
const typedButtonValue = z.object({
  value: z.string(),
  typed: z.object({ title: z.string(), text: z.string(), label: z.string(), submitLabel: z.string() }),
});
export type TypedButtonValue = z.infer<typeof typedButtonValue>;

export const encodeTypedButtonValue = (value: string, typed: TypedConfirmation): string => JSON.stringify({ value, typed } satisfies TypedButtonValue);

export function decodeTypedButtonValue(raw: string): TypedButtonValue | null {
  try {
    const parsed = typedButtonValue.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
