import { createInterface } from 'node:readline/promises';
import type { TextSink } from '../cli/cli-context.js';
import type { Ask } from './collect-preset-answers.js';

/**
 * Questions on a terminal: the prompt goes to `output`, the answer is the next line of `input`. The terminal stays
 * in its normal (cooked) mode, so it echoes what is typed and Ctrl-C interrupts as usual. Rejects once input ends.
 */
export function createTerminalAsk(
  input: NodeJS.ReadableStream,
  output: TextSink,
): { ask: Ask; close(): void } {
  const reader = createInterface({ input, terminal: false });
  const answers = reader[Symbol.asyncIterator]();
  return {
    async ask(prompt) {
      output.write(prompt);
      const next = await answers.next();
      if (next.done === true) throw new Error('the input ended before every question was answered');
      return next.value;
    },
    close: () => reader.close(),
  };
}
