import { readFile } from 'node:fs/promises';

/** One instruction of a Dockerfile: its keyword (upper case), its text (continuations joined) and its stage. */
export interface DockerInstruction {
  keyword: string;
  text: string;
  /** The `AS` name of the stage it belongs to. */
  stage: string;
}

/** The instructions of a Dockerfile, comments left out and `\` continuations joined. */
export async function readDockerfile(path: string): Promise<DockerInstruction[]> {
  const logical: string[] = [];
  let pending = '';
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line.trim()}`);
    pending = '';
  }
  let stage = '';
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(' ');
    const text = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') stage = /\bAS\s+(\S+)/i.exec(text)?.[1] ?? '';
    return { keyword: keyword.toUpperCase(), text, stage };
  });
}

/** The JSON (exec) form of an instruction, e.g. `ENTRYPOINT ["node", "/app/dist/cli.js"]`. */
export function execForm(instruction: DockerInstruction | undefined): string[] {
  const json = instruction?.text.slice(instruction.text.indexOf('['));
  if (json === undefined) throw new Error('no such instruction');
  return JSON.parse(json) as string[];
}

/** `ENV A=1 B=2` pairs of a stage. */
export function stageEnv(instructions: readonly DockerInstruction[], stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions) {
    if (instruction.stage !== stage || instruction.keyword !== 'ENV') continue;
    for (const pair of instruction.text.split(/\s+/)) {
      const equals = pair.indexOf('=');
      if (equals > 0) env[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
  }
  return env;
}
