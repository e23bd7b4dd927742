/** A tool call the emulated model makes: Ollama sends the arguments as an object. */
export interface OllamaEmulatorToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * How the emulator answers a chat request, chosen by the request's model:
 * - `text`: the text (split into word pieces when streaming), after optional `thinking`, ending with `done_reason`
 *   (default `stop`; `length` for a reply cut at `num_predict`);
 * - `tool-call`: optional text, then the whole tool calls in one line, and `done_reason: "stop"` as Ollama sends;
 * - `error`: an HTTP error with Ollama's `{"error": "…"}` body;
 * - `stream-error`: a stream that begins with `text` and breaks off with an `{"error": "…"}` line (status stays 200);
 * - `truncated`: a stream of `text` that ends without its `done: true` line.
 */
export type OllamaEmulatorScenario =
  | { kind: 'text'; text: string; thinking?: string; doneReason?: 'stop' | 'length' }
  | { kind: 'tool-call'; calls: OllamaEmulatorToolCall[]; text?: string }
  | { kind: 'error'; status: number; message: string }
  | { kind: 'stream-error'; text: string; message: string }
  | { kind: 'truncated'; text: string };

export const DEFAULT_OLLAMA_TEXT = 'Hello from the Ollama emulator.';
