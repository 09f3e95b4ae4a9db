import { HASH_ALGORITHMS, hashText } from './hashing.js';
import {
  expectArgumentCount,
  expectString,
  intrinsicFailure,
  type IntrinsicImplementation,
  type IntrinsicInvocation,
} from './intrinsic-arguments.js';

/** AWS's documented limit on the input of States.Base64Encode, Base64Decode and Hash. */
export const MAX_ENCODING_INPUT_LENGTH = 10000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function boundedString(invocation: IntrinsicInvocation, position: number): string {
  const text = expectString(invocation, position);
  if (text.length > MAX_ENCODING_INPUT_LENGTH)
    throw intrinsicFailure(
      invocation,
      `the input is ${text.length} characters long, more than the maximum of ${MAX_ENCODING_INPUT_LENGTH}`,
    );
  return text;
}

/** `States.Base64Encode(string)`: the UTF-8 bytes of the string in base64. */
export const statesBase64Encode: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1);
  return Buffer.from(boundedString(invocation, 0), 'utf8').toString('base64');
};

/** `States.Base64Decode(base64)`: the decoded bytes read as UTF-8. */
export const statesBase64Decode: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1);
  const encoded = boundedString(invocation, 0);
  if (!BASE64.test(encoded)) throw intrinsicFailure(invocation, `'${encoded}' is not valid base64`);
  return Buffer.from(encoded, 'base64').toString('utf8');
};

/** `States.Hash(data, algorithm)`: the lowercase hex digest (MD5, SHA-1, SHA-256, SHA-384 or SHA-512). */
export const statesHash: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  const data = boundedString(invocation, 0);
  const algorithm = expectString(invocation, 1);
  const digest = hashText(data, algorithm);
  if (digest === undefined)
    throw intrinsicFailure(
      invocation,
      `unsupported algorithm '${algorithm}'; supported: ${Object.keys(HASH_ALGORITHMS).join(', ')}`,
    );
  return digest;
};
