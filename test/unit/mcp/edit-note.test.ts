import { describe, expect, it } from 'vitest';
import { EDIT_DIFF_MAX, editNote } from '../../../src/main/core/mcp/edit-note';

describe('the note an agent gets when the artist edited its script', () => {
  it('is absent when nothing changed', () => {
    expect(editNote('return 1', 'return 1')).toBeNull();
  });

  it('names a change of line breaks only, which a diff of the visible text would not show', () => {
    expect(editNote('a = 1\nreturn a', 'a = 1\rreturn a')?.diff).toContain('-a = 1\n+a = 1\n');
  });

  it('cuts a huge diff and says how much more there was', () => {
    const sent = Array.from({ length: 2000 }, (_, i) => `x${i} = ${i}`).join('\n');
    const note = editNote(sent, sent.replace(/ = /g, ' == '))!;
    expect(note.diff.length).toBeLessThan(EDIT_DIFF_MAX + 100);
    expect(note.diff).toMatch(/… diff cut: \d+ more characters\n$/);
    expect(note.edited_by_user).toBe(true);
  });
});
