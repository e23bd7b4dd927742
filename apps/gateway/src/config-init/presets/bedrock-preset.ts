import type { ConfigPreset } from '../config-preset.js';
import { lines, tomlString } from '../toml-text.js';

/** AWS Bedrock (Converse), with the standard AWS credential chain. */
export const bedrockPreset: ConfigPreset = {
  name: 'bedrock',
  summary: 'AWS Bedrock, Converse API (the standard AWS credential chain)',
  questions: [
    { option: 'region', prompt: 'AWS region', defaultValue: 'us-east-1' },
    {
      option: 'model',
      prompt: 'Model or inference profile id',
      defaultValue: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    },
    { option: 'endpoint', prompt: 'Endpoint (VPC endpoint or proxy)', asked: false },
  ],
  provider(answers) {
    const endpoint = answers.endpoint;
    return {
      instanceId: 'bedrock',
      target: `bedrock:${answers.model}`,
      secretVariables: [],
      toml: lines(
        '# AWS Bedrock: Converse and ConverseStream, every request SigV4-signed.',
        '[providers.bedrock]',
        'type = "bedrock"',
        `region = ${tomlString(answers.region as string)}`,
        '# The standard AWS credential chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws,',
        '# SSO, web identity (EKS), the ECS task role or the EC2 instance role. Alternatives:',
        '#   credentials = { type = "keys", access_key_id = { env = "AWS_ACCESS_KEY_ID" }, secret_access_key = { env = "AWS_SECRET_ACCESS_KEY" } }',
        '#   credentials = { type = "api_key", key = { env = "AWS_BEARER_TOKEN_BEDROCK" } }',
        'credentials = { type = "default" }',
        endpoint === undefined
          ? '# endpoint = "https://…"   # a VPC endpoint or a proxy instead of bedrock-runtime.<region>.amazonaws.com'
          : `endpoint = ${tomlString(endpoint)}`,
      ),
    };
  },
};
