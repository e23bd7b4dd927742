import type { ProviderOptions } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { type GeminiProviderOptions, parseGeminiProviderOptions } from './gemini-provider-options.js';

describe('parseGeminiProviderOptions', () => {
  it.each<[string, Record<string, unknown> | undefined, GeminiProviderOptions | undefined]>([
    ['absent', undefined, undefined],
    ['empty', {}, {}],
    [
      'every option',
      {
        safety_settings: [
          { category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' },
          { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'OFF', method: 'SEVERITY' },
        ],
        cached_content: 'projects/p/locations/us-central1/cachedContents/123',
        labels: { team: 'search', 'cost-center': 'cc_42', empty: '' },
        thinking_budget: -1,
      },
      {
        safety_settings: [
          { category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' },
          { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'OFF', method: 'SEVERITY' },
        ],
        cached_content: 'projects/p/locations/us-central1/cachedContents/123',
        labels: { team: 'search', 'cost-center': 'cc_42', empty: '' },
        thinking_budget: -1,
      },
    ],
  ])('%s', (_name, options, expected) => {
    const providerOptions: ProviderOptions =
      options === undefined ? { other: { x: 1 } } : { vertex: options, other: { x: 1 } };
    expect(parseGeminiProviderOptions(providerOptions, 'vertex')).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown key', { safety_setting: [] }, 'provider_options.vertex.safety_setting'],
    ['a Claude-only key', { anthropic_beta: ['x'] }, 'provider_options.vertex.anthropic_beta'],
    [
      'response modalities (not offered)',
      { response_modalities: ['TEXT'] },
      'provider_options.vertex.response_modalities',
    ],
    [
      'a bad threshold',
      { safety_settings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_SOME' }] },
      'provider_options.vertex.safety_settings.0.threshold',
    ],
    [
      'a bad category',
      { safety_settings: [{ category: 'hate', threshold: 'OFF' }] },
      'provider_options.vertex.safety_settings.0.category',
    ],
    ['a label key with capitals', { labels: { Team: 'a' } }, 'provider_options.vertex.labels.Team'],
    ['a label value with spaces', { labels: { team: 'a b' } }, 'provider_options.vertex.labels.team'],
    [
      'a cache id that is not a resource name',
      { cached_content: '123' },
      'provider_options.vertex.cached_content',
    ],
    ['a fractional budget', { thinking_budget: 1.5 }, 'provider_options.vertex.thinking_budget'],
    ['a budget below -1', { thinking_budget: -2 }, 'provider_options.vertex.thinking_budget'],
  ])('rejects %s', (_name, options, param) => {
    expect(() => parseGeminiProviderOptions({ vertex: options }, 'vertex')).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID', param }),
    );
  });

  it('rejects more than 64 labels', () => {
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`k${index}`, 'v']));
    expect(() => parseGeminiProviderOptions({ vertex: { labels } }, 'vertex')).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID' }),
    );
  });
});
