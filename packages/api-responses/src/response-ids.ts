import { randomFillSync } from 'node:crypto';

const ID_BYTES = 24;
const POOL_IDS = 128;
let pool: Buffer | undefined;
let offset = 0;

/** A fresh `resp_…` id: 24 random bytes in hex, like OpenAI's. Random bytes are drawn 128 ids at a time. */
export function newResponseId(): string {
  if (pool === undefined || offset === pool.length) {
    pool ??= Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
    randomFillSync(pool);
    offset = 0;
  }
  const id = `resp_${pool.toString('hex', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}

/** The id of output item `index` of a response: `msg_`, `fc_` or `rs_` + the response's own suffix + the index. */
export function outputItemId(prefix: 'msg' | 'fc' | 'rs', responseId: string, index: number): string {
  return `${prefix}_${responseId.slice(5)}${index.toString(16).padStart(2, '0')}`;
}
