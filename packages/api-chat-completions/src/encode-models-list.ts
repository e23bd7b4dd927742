import type { ModelListing } from '@modelmux/core';

/** Model listings → OpenAI's `{object:"list", data:[{id, object:"model", created, owned_by}]}`. */
export function encodeModelsList(models: readonly ModelListing[]): Record<string, unknown> {
  return {
    object: 'list',
    data: models.map((model) => ({
      id: model.id,
      object: 'model',
      created: model.createdAt,
      owned_by: model.ownedBy,
    })),
  };
}
