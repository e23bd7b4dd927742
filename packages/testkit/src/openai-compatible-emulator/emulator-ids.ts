import { randomBytes } from 'node:crypto';

/** Unique ids for one emulator: a random prefix per instance plus a counter, cheap enough for benchmarks. */
export class EmulatorIds {
  private readonly prefix = randomBytes(4).toString('hex');
  private requestCount = 0;
  private completionCount = 0;

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
}
