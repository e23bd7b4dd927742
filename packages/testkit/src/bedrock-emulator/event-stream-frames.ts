import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/**
 * Bedrock's `p` padding field (it hides payload lengths): a prefix of the alphabet whose length depends on the
 * payload, so frames stay deterministic. Clients must ignore it.
 */
function withPadding(payload: Record<string, unknown>): string {
  const json = JSON.stringify(payload);
  const length = 1 + ((json.length * 7) % PADDING_ALPHABET.length);
  return `${json.slice(0, -1)}${json === '{}' ? '' : ','}"p":"${PADDING_ALPHABET.slice(0, length)}"}`;
}

/** One event frame: `:event-type` (e.g. `contentBlockDelta`), JSON payload with padding, correct CRCs. */
export function eventFrame(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('event'),
    },
    body: fromUtf8(withPadding(payload)),
  });
}

/** One modelled-exception frame: `:message-type: exception`, `:exception-type` (e.g. `throttlingException`). */
export function exceptionFrame(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': stringHeader(exceptionType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** A copy of `frame` whose trailing message CRC is wrong (the prelude CRC stays right). */
export function withCorruptMessageCrc(frame: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(frame);
  copy[copy.length - 1]! ^= 0xff;
  return copy;
}
