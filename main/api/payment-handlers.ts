/**
 * Payments against statements: recording one, listing them, undoing one with a reason
 * (main/statements/payments.ts does the work).
 */

import { listPayments, recordPayment, undoPayment } from '../statements/payments';

import type { Handlers } from './context';

export const paymentHandlers: Pick<Handlers, 'payments:record' | 'payments:list' | 'payments:undo'> = {
  'payments:record': ({ workspace }, input) => recordPayment(workspace, input),

  'payments:list': ({ workspace }, input) => listPayments(workspace, input),

  'payments:undo': ({ workspace }, input) => undoPayment(workspace, input),
};
