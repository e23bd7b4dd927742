/** One stored Responses API response: what `GET /v1/responses/{id}` returns and what a later turn continues from. */
export interface StoredResponse {
  /** `resp_…`. */
  id: string;
  /** Epoch seconds (the response's `created_at`). */
  createdAt: number;
  /** The response object exactly as it was sent to the client. */
  response: Record<string, unknown>;
  /** The input items of this turn, each with its `id`, in input order (what `input_items` lists). */
  inputItems: Array<Record<string, unknown>>;
  /** The response this one continued (`previous_response_id`), if any. */
  previousResponseId?: string;
}

/**
 * Where the gateway keeps stored responses. Every method rejects with a `StoreError` (`MMX_STORE_UNAVAILABLE`) when
 * the backend fails; a `put` that resolved is durable (SQLite: committed; Redis: acknowledged). Expired records are
 * never returned.
 */
export interface ResponseStore {
  /** Saves (or replaces) a record that expires `ttlSeconds` after now. */
  put(record: StoredResponse, ttlSeconds: number): Promise<void>;
  /** The record, or undefined when there is none or it has expired. */
  get(id: string): Promise<StoredResponse | undefined>;
  /** Deletes the record; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Releases connections and handles; idempotent. */
  close(): Promise<void>;
}
