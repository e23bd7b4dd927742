import { randomBytes } from 'node:crypto';

/** Unique ids for one Vertex emulator: a random prefix per instance plus a counter. */
export class VertexIds {
  private readonly prefix = randomBytes(4).toString('hex');
  private requestCount = 0;
  private messageCount = 0;
  private responseCount = 0;

  /** The `request-id` header of the next reply, shaped like Anthropic's ids on Vertex (`req_vrtx_…`). */
  nextRequestId(): string {
    this.requestCount++;
    return `req_vrtx_${this.prefix}${this.requestCount.toString(16).padStart(8, '0')}`;
  }

  /** The `id` of the next Claude message that does not bring its own, shaped like Vertex's (`msg_vrtx_…`). */
  nextMessageId(): string {
    this.messageCount++;
    return `msg_vrtx_emu${this.prefix}${this.messageCount.toString(36).padStart(6, '0')}`;
  }

  /** The `responseId` of the next Gemini response. */
  nextResponseId(): string {
    this.responseCount++;
    return `emu${this.prefix}${this.responseCount.toString(36).padStart(6, '0')}`;
  }
}
