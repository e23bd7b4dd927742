import type {
  ChatEvent,
  ChatRequest,
  DecodedRequest,
  EncodeMeta,
  ModelmuxError,
  StreamEncoder,
  Usage,
} from '@modelmux/core';
import type { ResponsesEncodeOptions } from './decode-responses-request.js';
import { encodeResponsesErrorBody } from './encode-responses-error.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';
import { sealReasoning } from './reasoning-encrypted-content.js';
import { newResponseId, outputItemId } from './response-ids.js';
import { type ResponseIdentity, responseObject, responseStatusOf } from './response-object.js';

type Item = Record<string, unknown>;

interface OpenItem {
  index: number;
  id: string;
  text: string;
}

interface OpenText extends OpenItem {
  /**
   * The start of every `response.output_text.delta` frame of this item, up to `"delta":`: the frame is this, the
   * delta as JSON and `DELTA_FRAME_END` with the sequence number (the same bytes as `frame()` would write).
   */
  deltaFramePrefix: string;
}

const DELTA_FRAME_END = ',"logprobs":[],"sequence_number":';

const EMPTY_LOGPROBS: never[] = [];

/**
 * Canonical events → the Responses API's stream: `event:` + `data:` frames with increasing `sequence_number`
 * (from 0): `response.created`, `response.in_progress`, then per block `output_item.added`, its content part and
 * deltas (`output_text`, `reasoning_text`, `function_call_arguments`), their `done` events and `output_item.done`, and
 * finally `response.completed` (or `response.incomplete`) with the whole response. A failure is an `error` event, after
 * which the stream ends.
 */
export class ResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private completed: Item | undefined;
  private readonly identity: ResponseIdentity;
  private readonly echo: Item;
  private readonly output: Item[] = [];
  private text: OpenText | undefined;
  private reasoning: OpenItem | undefined;
  private readonly calls = new Map<string, OpenItem & { name: string }>();

  constructor(meta: EncodeMeta, decoded: DecodedRequest<ChatRequest>) {
    const options = decoded.encodeOptions as unknown as ResponsesEncodeOptions;
    this.echo = options.echo;
    this.identity = {
      id: newResponseId(),
      createdAt: Math.floor(meta.createdAt / 1000),
      model: meta.modelReference,
      store: options.store,
    };
  }

  finalReply(): Item | undefined {
    return this.completed;
  }

  /** The id of the response being streamed. */
  get responseId(): string {
    return this.identity.id;
  }

  /**
   * One `event:` + `data:` frame: `{type, ...fields, sequence_number}` as JSON, written around `fields`' own JSON
   * instead of a spread copy of `fields` (`type` is one of this file's event names, which need no escaping).
   */
  private frame(type: string, fields: Item): string {
    return this.frameOf(type, JSON.stringify(fields));
  }

  /** A frame around `fieldsJson`, the JSON text of an object of the event's fields (`{}` included). */
  private frameOf(type: string, fieldsJson: string): string {
    const inner = fieldsJson.length > 2 ? `${fieldsJson.slice(1, -1)},` : '';
    return `event: ${type}\ndata: {"type":"${type}",${inner}"sequence_number":${this.sequence++}}\n\n`;
  }

  private open(prefix: 'msg' | 'rs' | 'fc', item: Item): OpenItem {
    const index = this.output.length;
    const id = outputItemId(prefix, this.identity.id, index);
    this.output.push({ id, ...item });
    return { index, id, text: '' };
  }

  encode(event: ChatEvent): string {
    switch (event.type) {
      case 'response-start': {
        const response = responseObject(this.echo, this.identity, { status: 'in_progress', output: [] });
        // Both events carry the same response: serialized once.
        const fields = JSON.stringify({ response });
        return this.frameOf('response.created', fields) + this.frameOf('response.in_progress', fields);
      }
      case 'text-start': {
        const open = this.open('msg', {
          type: 'message',
          status: 'in_progress',
          role: 'assistant',
          content: [],
        });
        const deltaType = 'response.output_text.delta';
        this.text = {
          ...open,
          deltaFramePrefix:
            `event: ${deltaType}\ndata: {"type":"${deltaType}","item_id":${JSON.stringify(open.id)},` +
            `"output_index":${open.index},"content_index":0,"delta":`,
        };
        const at = { item_id: open.id, output_index: open.index, content_index: 0 };
        return (
          this.frame('response.output_item.added', {
            output_index: open.index,
            item: this.output[open.index],
          }) + this.frame('response.content_part.added', { ...at, part: outputText('') })
        );
      }
      case 'text-delta': {
        const open = this.text;
        if (open === undefined) return '';
        open.text += event.delta;
        // The hottest frame (one per text chunk): the fixed part is built once per item.
        return `${open.deltaFramePrefix}${JSON.stringify(event.delta)}${DELTA_FRAME_END}${this.sequence++}}\n\n`;
      }
      case 'text-end':
        return this.closeText('completed');
      case 'reasoning-start': {
        const open = this.open('rs', { type: 'reasoning', summary: [], content: [] });
        this.reasoning = open;
        const at = { item_id: open.id, output_index: open.index, content_index: 0 };
        return (
          this.frame('response.output_item.added', {
            output_index: open.index,
            item: this.output[open.index],
          }) +
          this.frame('response.content_part.added', { ...at, part: { type: 'reasoning_text', text: '' } })
        );
      }
      case 'reasoning-delta': {
        const open = this.reasoning;
        if (open === undefined) return '';
        open.text += event.delta;
        return this.frame('response.reasoning_text.delta', {
          item_id: open.id,
          output_index: open.index,
          content_index: 0,
          delta: event.delta,
        });
      }
      case 'reasoning-end': {
        const open = this.reasoning;
        if (open === undefined) return '';
        this.reasoning = undefined;
        const part = { type: 'reasoning_text', text: open.text };
        const item = {
          id: open.id,
          type: 'reasoning',
          summary: [],
          content: open.text === '' ? [] : [part],
          encrypted_content: sealReasoning(event) ?? null,
        };
        this.output[open.index] = item;
        const at = { item_id: open.id, output_index: open.index, content_index: 0 };
        return (
          this.frame('response.reasoning_text.done', { ...at, text: open.text }) +
          this.frame('response.content_part.done', { ...at, part }) +
          this.frame('response.output_item.done', { output_index: open.index, item })
        );
      }
      case 'tool-call-start': {
        const open = this.open('fc', {
          type: 'function_call',
          status: 'in_progress',
          arguments: '',
          call_id: event.callId,
          name: event.toolName,
        });
        this.calls.set(event.callId, { ...open, name: event.toolName });
        return this.frame('response.output_item.added', {
          output_index: open.index,
          item: this.output[open.index],
        });
      }
      case 'tool-call-delta': {
        const open = this.calls.get(event.callId);
        if (open === undefined) return '';
        return this.frame('response.function_call_arguments.delta', {
          item_id: open.id,
          output_index: open.index,
          delta: event.argumentsDelta,
        });
      }
      case 'tool-call-end': {
        const open = this.calls.get(event.callId);
        if (open === undefined) return '';
        const item = {
          id: open.id,
          type: 'function_call',
          status: 'completed',
          arguments: event.arguments,
          call_id: event.callId,
          name: open.name,
        };
        this.output[open.index] = item;
        return (
          this.frame('response.function_call_arguments.done', {
            item_id: open.id,
            output_index: open.index,
            name: open.name,
            arguments: event.arguments,
          }) + this.frame('response.output_item.done', { output_index: open.index, item })
        );
      }
      case 'response-end':
        return this.finish(event.finishReason, event.usage);
      case 'error':
        return this.fail(event.error);
      default:
        return '';
    }
  }

  private closeText(status: 'completed' | 'incomplete'): string {
    const open = this.text;
    if (open === undefined) return '';
    this.text = undefined;
    const part = outputText(open.text);
    const item = { id: open.id, type: 'message', status, role: 'assistant', content: [part] };
    this.output[open.index] = item;
    const at = { item_id: open.id, output_index: open.index, content_index: 0 };
    return (
      this.frame('response.output_text.done', { ...at, text: open.text, logprobs: EMPTY_LOGPROBS }) +
      this.frame('response.content_part.done', { ...at, part }) +
      this.frame('response.output_item.done', { output_index: open.index, item })
    );
  }

  private finish(finishReason: Parameters<typeof responseStatusOf>[0], usage: Usage): string {
    const { status, incompleteReason } = responseStatusOf(finishReason);
    // A block still open here never got its end event; close it so the response is whole.
    const text = this.closeText(status === 'completed' ? 'completed' : 'incomplete');
    const response = responseObject(this.echo, this.identity, {
      status,
      incompleteReason,
      output: this.output,
      usage: encodeResponsesUsage(usage),
      completedAt: status === 'completed' ? Math.floor(Date.now() / 1000) : undefined,
    });
    this.completed = response;
    return (
      text + this.frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response })
    );
  }

  private fail(error: ModelmuxError): string {
    const body = encodeResponsesErrorBody(error);
    return this.frame('error', { code: body.code, message: body.message, param: body.param });
  }
}

function outputText(text: string): Item {
  return { type: 'output_text', text, annotations: [], logprobs: EMPTY_LOGPROBS };
}
