import type { ChatRequest } from '../spec/v1/chat-request.js';
import type { DecodedRequest } from './converter.js';

/** A reply the gateway keeps for an API with stored replies (the Responses API's `store`). */
export interface StoredReply {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  /** The reply exactly as it was sent to the client. */
  response: Record<string, unknown>;
  /** The input items of its turn, each with an id, in input order. */
  inputItems: Array<Record<string, unknown>>;
  /** The stored reply it continued. */
  previousResponseId?: string;
}

/** Where stored replies live (SQLite, Redis, memory). Failures reject with `StoreError`. */
export interface ReplyStore {
  put(record: StoredReply, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<StoredReply | undefined>;
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The query of an input-items listing (OpenAI's pagination). */
export interface InputItemsQuery {
  limit?: string;
  order?: string;
  after?: string;
}

/**
 * How a chat route keeps and continues replies, for the API plugin to define and the gateway to carry out: the
 * gateway reads and writes the store, the plugin decides what a record holds and how a chain becomes a request.
 */
export interface StoredReplies {
  /**
   * Whether the request asks for its reply to be stored, which stored reply it continues, and which other stored
   * replies hold items it refers to.
   */
  storage(decoded: DecodedRequest<ChatRequest>): {
    store: boolean;
    previousId?: string;
    referencedIds?: string[];
  };
  /**
   * The request with the conversation of `chain` (oldest first, ending with the one it continues) put before it, and
   * its references to items of the `referenced` replies resolved. Throws `StoreError` (`MMX_STORED_NOT_FOUND`) for a
   * reference to an item that is not there.
   */
  continueRequest(
    decoded: DecodedRequest<ChatRequest>,
    chain: readonly StoredReply[],
    referenced: readonly StoredReply[],
  ): ChatRequest;
  /** The record of an encoded reply (for a stream: the final reply the encoder built). */
  recordOf(reply: unknown, decoded: DecodedRequest<ChatRequest>): StoredReply;
  /** `GET …/{id}`: the stored reply as the API returns it. */
  encodeRetrieved(record: StoredReply): unknown;
  /** `DELETE …/{id}`: the API's confirmation. */
  encodeDeleted(id: string): unknown;
  /** `GET …/{id}/input_items`: a page of the record's input items; throws `InvalidRequestError` for a bad query. */
  encodeInputItems(record: StoredReply, query: InputItemsQuery): unknown;
}
