import { describe, expect, it } from 'vitest';
import { combineHeaders } from './combine-headers.js';

describe('combineHeaders', () => {
  it('lower-cases names, lets later sources win and removes undefined values', () => {
    expect(
      combineHeaders({ 'Content-Type': 'a', 'X-Keep': '1', 'X-Drop': '2' }, undefined, {
        'content-type': 'b',
        'x-drop': undefined,
      }),
    ).toEqual({ 'content-type': 'b', 'x-keep': '1' });
  });
});
