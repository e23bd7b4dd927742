import { randomBytes } from 'node:crypto';

/** Unique ids for one emulator: a random prefix per instance plus a counter, cheap enough for benchmarks. */
export class EmulatorIds {
  private readonly prefix = randomBytes(4).toString('hex');
  private requestCount = 0;
  private completionCount = 0;
  private responseCount = 0;
  private itemCount = 0;

  /** The `x-request-id` of the next reply. */
  nextRequestId(): string {
    this.requestCount++;
    return `req_${this.prefix}${this.requestCount.toString(16).padStart(8, '0')}`;
  }

  /** The `id` shared by every chunk of the next chat completion. */
  nextChatCompletionId(): string {
    this.completionCount++;
    return `chatcmpl-emu${this.prefix}${this.completionCount.toString(36)}`;
  }

  /** The `id` of the next Responses API `response` object (`resp_…`). */
  nextResponseId(): string {
    this.responseCount++;
    return `resp_emu${this.prefix}${this.responseCount.toString(16).padStart(8, '0')}`;
  }

  /** The `id` of the next output item of a `response`: `msg_…`, `fc_…` (function call) or `rs_…` (reasoning). */
  nextOutputItemId(prefix: 'msg' | 'fc' | 'rs'): string {
    this.itemCount++;
    return `${prefix}_emu${this.prefix}${this.itemCount.toString(16).padStart(8, '0')}`;
  }
}
