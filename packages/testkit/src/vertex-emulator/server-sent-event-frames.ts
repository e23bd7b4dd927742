/** An Anthropic SSE frame: `event: <type>` and `data: <json>`, the JSON's `type` being the event name. */
export function anthropicEventFrame(event: { type: string } & Record<string, unknown>): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A Gemini `alt=sse` frame: `data: <json>` and a CRLF blank line, as Vertex sends them. */
export function geminiDataFrame(json: string): string {
  return `data: ${json}\r\n\r\n`;
}
