/** Receivables (what each participant owes or is owed, statement by statement), computed in main/reports/receivables.ts. */
import { receivables } from '../reports/receivables';

import type { Handlers } from './context';

export const receivableHandlers: Pick<Handlers, 'receivables:list'> = {
  'receivables:list': ({ workspace }, input) => receivables(workspace, input),
};
