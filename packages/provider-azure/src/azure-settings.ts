import { secretRefSchema } from '@modelmux/core/settings';
import { openAICompatibleModelDefaultsSchema } from '@modelmux/provider-openai-compatible/internal';
import { z } from 'zod';

const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

const httpsUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** Microsoft Entra ID credentials, through `@azure/identity`. */
export const azureEntraSettingsSchema = z.discriminatedUnion('type', [
  /** `DefaultAzureCredential`: environment, workload identity, managed identity, Azure CLI … (reads the process env). */
  z.strictObject({ type: z.literal('default') }),
  z.strictObject({
    type: z.literal('client_secret'),
    tenant_id: z.string().min(1),
    client_id: z.string().min(1),
    client_secret: secretRefSchema,
    /** Sovereign clouds, e.g. `https://login.microsoftonline.us`. */
    authority_host: httpsUrlSchema.optional(),
    /** Skip MSAL's instance discovery call (private or sovereign authorities). */
    disable_instance_discovery: z.boolean().default(false),
  }),
  /** A system-assigned identity, or the user-assigned one with `client_id`. */
  z.strictObject({ type: z.literal('managed_identity'), client_id: z.string().min(1).optional() }),
]);

export const azureSettingsSchema = z
  .strictObject({
    /** The resource name: `https://{resource}.openai.azure.com`. */
    resource: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/i, 'must be an Azure resource name (letters, digits, -)')
      .optional(),
    /** The endpoint, for custom domains, private endpoints and proxies, e.g. `https://my-ai.example.com`. */
    endpoint: httpUrlSchema.optional(),
    /** `v1`: `/openai/v1/…` with the deployment as `model`; `deployments`: `/openai/deployments/{deployment}/…`. */
    api: z.enum(['v1', 'deployments']).default('v1'),
    /** The dated `api-version` of the deployments URLs. */
    api_version: z.string().min(1).default('2024-10-21'),
    /** The `api-version` of the deployments API's `/openai/responses` (the Responses API needs a newer one). */
    responses_api_version: z.string().min(1).default('2025-04-01-preview'),
    /** Client APIs passed through as they are (`responses`: where the deployments serve the Responses API). */
    passthrough: z.array(z.enum(['responses'])).default([]),
    /** Model names clients use → deployment names; a name not listed is used as the deployment name. */
    deployments: z.record(z.string().min(1), z.string().min(1)).optional(),
    /** Sent as the `api-key` header. Mutually exclusive with `entra`. */
    api_key: secretRefSchema.optional(),
    /** Microsoft Entra ID credentials; the default (`type = "default"`) when no `api_key` is set. */
    entra: azureEntraSettingsSchema.optional(),
    /** Extra headers sent with every request. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Per-model defaults, keyed by the model names clients use. */
    models: z.record(z.string(), openAICompatibleModelDefaultsSchema).optional(),
    /** `max_completion_tokens` (API versions from 2024-09-01-preview) or `max_tokens` for older ones. */
    max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).default('max_completion_tokens'),
    /** Ask for a usage chunk at the end of streams (API versions from 2024-09-01-preview). */
    stream_usage: z.boolean().default(true),
    /** Forward client fields that have no canonical counterpart. */
    forward_extra_fields: z.boolean().default(true),
    /** The most inputs one embeddings call takes (Azure: 2048). */
    embedding_inputs_per_call: z.int().min(1).max(100_000).default(2048),
    /** Ask for base64 float32 vectors when the client wants base64 too. */
    embedding_base64: z.boolean().default(true),
  })
  .superRefine((settings, context) => {
    if ((settings.resource === undefined) === (settings.endpoint === undefined)) {
      context.addIssue({
        code: 'custom',
        path: settings.resource === undefined ? ['resource'] : ['endpoint'],
        message: 'set exactly one of resource or endpoint',
      });
    }
    if (settings.api_key !== undefined && settings.entra !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['entra'],
        message: 'set either api_key or entra credentials, not both',
      });
    }
  });

export type AzureSettings = z.infer<typeof azureSettingsSchema>;
export type AzureSettingsInput = z.input<typeof azureSettingsSchema>;
export type AzureEntraSettings = z.infer<typeof azureEntraSettingsSchema>;
