/** Month close (issue 10) over the contract: the months' statuses, closing a month, accepting a held run (main/settlement/month-close.ts). */
import { acceptRun, closeMonth, monthStatuses } from '../settlement/month-close';

import type { Handlers } from './context';

export const monthCloseHandlers: Pick<Handlers, 'months:list' | 'months:close' | 'runs:accept'> = {
  'months:list': ({ workspace }) => monthStatuses(workspace),
  'months:close': ({ workspace }, input) => closeMonth(workspace, input),
  'runs:accept': ({ workspace }, input) => acceptRun(workspace, input),
};
