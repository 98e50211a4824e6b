/** Comparing two runs of the same month (issue 10) over the contract (main/settlement/run-diff.ts). */
import { compareRuns } from '../settlement/run-diff';

import type { Handlers } from './context';

export const runDiffHandlers: Pick<Handlers, 'runs:diff'> = {
  'runs:diff': ({ workspace }, input) => compareRuns(workspace, input),
};
