import { describe, expect, it } from 'vitest';
import { ClientWatch } from './client-watch.js';

describe('ClientWatch', () => {
  it('tells the listener set last, once, with an AbortError as the reason', () => {
    const client = new ClientWatch();
    const heard: string[] = [];
    client.watch(() => heard.push('first'));
    client.watch(() => heard.push('second'));
    expect(client.aborted).toBe(false);
    client.leave();
    client.leave();
    expect(heard).toEqual(['second']);
    expect(client.aborted).toBe(true);
    expect(client.reason).toMatchObject({ name: 'AbortError' });
  });

  it('forgets a listener that stopped watching, but not one set after it', () => {
    const client = new ClientWatch();
    const heard: string[] = [];
    const first = () => heard.push('first');
    const second = () => heard.push('second');
    client.watch(first);
    client.unwatch(first);
    client.leave();
    expect(heard).toEqual([]);

    const other = new ClientWatch();
    other.watch(first);
    other.watch(second);
    other.unwatch(first);
    other.leave();
    expect(heard).toEqual(['second']);
  });

  it('makes a signal on demand that fires when the client leaves, or is already aborted after it left', () => {
    const client = new ClientWatch();
    const signal = client.signal;
    expect(client.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    client.leave();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(client.reason);

    const late = new ClientWatch();
    late.leave(new Error('gone'));
    expect(late.signal.aborted).toBe(true);
    expect((late.signal.reason as Error).message).toBe('gone');
  });
});
