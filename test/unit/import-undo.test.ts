import { describe, expect, it } from 'vitest';

import { undoableImports } from '../../renderer/src/import-undo';

const entry = (importId: number, kind: string, removed = false, status = 'stored') =>
  ({ importId, kind, status, removed }) as never;

describe('the Imports list', () => {
  it('offers undo for stored imports and the definition in force, never the first definition', () => {
    const list = [
      entry(1, 'workspace'),
      entry(2, 'readings'),
      entry(3, 'workspace'),
      entry(4, 'readings', true),
      entry(5, 'payments', false, 'rejected'),
      entry(6, 'market-prices'),
    ];
    expect([...undoableImports(list)].sort()).toEqual([2, 3, 6]);
    // Once the newer definition is undone, the first is in force again, and it cannot be undone.
    expect([...undoableImports([entry(1, 'workspace'), entry(3, 'workspace', true)])]).toEqual([]);
    expect([...undoableImports([entry(1, 'workspace')])]).toEqual([]);
  });
});
