import { IntrinsicSyntaxError, parseIntrinsic } from '../data/index.js';

/**
 * Why `text` is not a well-formed call of a known intrinsic function (`States.Format('{}', $.a)`),
 * or undefined when it is one. Pure: parses with data/'s intrinsic parser, never evaluates.
 */
export function findIntrinsicSyntaxError(text: string): string | undefined {
  try {
    parseIntrinsic(text);
    return undefined;
  } catch (error: unknown) {
    if (error instanceof IntrinsicSyntaxError) return error.reason;
    throw error;
  }
}
