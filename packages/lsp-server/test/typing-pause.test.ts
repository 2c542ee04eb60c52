import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingPause } from '../src/server/typing-pause.js';

// The pause that holds a version's index while the user types must end the moment the
// document is edited: the next version's analysis waits for the previous one to finish,
// and it used to wait out the whole pause (50 ms on every keystroke).
describe('TypingPause', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends at once, saying so, when its document is edited', async () => {
    const pause = new TypingPause();
    const waited = pause.wait('file:///a.pas', 50);
    await vi.advanceTimersByTimeAsync(1);
    pause.edited('file:///a.pas');
    await expect(waited).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lasts its time when nothing, or only another document, is edited', async () => {
    const pause = new TypingPause();
    let ended: boolean | undefined;
    void pause.wait('file:///a.pas', 50).then((edited) => (ended = edited));
    pause.edited('file:///b.pas');
    await vi.advanceTimersByTimeAsync(49);
    expect(ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toBe(false);
    // Over: a later edit has nothing to end.
    pause.edited('file:///a.pas');
    expect(ended).toBe(false);
  });

  it('ends every wait on a document together, and all of them on dispose', async () => {
    const pause = new TypingPause();
    const a = [pause.wait('file:///a.pas', 50), pause.wait('file:///a.pas', 500)];
    const b = pause.wait('file:///b.pas', 50);
    pause.edited('file:///a.pas');
    await expect(Promise.all(a)).resolves.toEqual([true, true]);
    pause.dispose();
    await expect(b).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
