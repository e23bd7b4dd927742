import { randomBytes } from 'node:crypto';

/** A fresh `resp_…` id: 24 random bytes in hex, like OpenAI's. */
export function newResponseId(): string {
  return `resp_${randomBytes(24).toString('hex')}`;
}

/** The id of output item `index` of a response: `msg_`, `fc_` or `rs_` + the response's own suffix + the index. */
export function outputItemId(prefix: 'msg' | 'fc' | 'rs', responseId: string, index: number): string {
  return `${prefix}_${responseId.slice(5)}${index.toString(16).padStart(2, '0')}`;
}
