import type { ConfigPreset, PresetAnswers, PresetQuestion } from './config-preset.js';

/** Asks one question in a terminal; resolves with the answer as typed (maybe empty). */
export type Ask = (prompt: string) => Promise<string>;

/** A value is missing and there is nobody to ask. */
export class MissingAnswerError extends Error {
  constructor(readonly question: PresetQuestion) {
    super(`--${question.option} is needed (${question.prompt})`);
    this.name = 'MissingAnswerError';
  }
}

/**
 * The preset's values: each question's flag when given; otherwise, with `ask` (a terminal), the answer (empty: the
 * default; a required one is asked again); otherwise its default. Flag-only questions are never asked. Throws
 * `MissingAnswerError` for a required value nobody gave.
 */
export async function collectPresetAnswers(
  preset: ConfigPreset,
  given: Readonly<PresetAnswers>,
  ask: Ask | undefined,
): Promise<PresetAnswers> {
  const answers: PresetAnswers = {};
  for (const question of preset.questions) {
    const flag = given[question.option];
    if (flag !== undefined) {
      answers[question.option] = flag;
      continue;
    }
    if (question.skippedWhen?.(answers) === true) continue;
    if (ask !== undefined && question.asked !== false) {
      const suffix = question.defaultValue === undefined ? '' : ` [${question.defaultValue}]`;
      for (;;) {
        const answer = (await ask(`${question.prompt}${suffix}: `)).trim();
        const value = answer === '' ? question.defaultValue : answer;
        if (value !== undefined) {
          answers[question.option] = value;
          break;
        }
      }
      continue;
    }
    if (question.defaultValue !== undefined) answers[question.option] = question.defaultValue;
    else if (question.asked !== false) throw new MissingAnswerError(question);
  }
  return answers;
}
