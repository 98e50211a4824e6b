/**
 * Receivables and payments: what each participant owes or is owed, statement by statement, and
 * the payments recorded against statements. Two tables, as they sit apart in the contract's order.
 */
import { z } from 'zod';

import { boundedDecimal, Day, Id } from '../definition';

import { Flag, IntegerParam, MonthText, output } from './common';

export type ReceivableStatus = 'paid' | 'partial' | 'unpaid' | 'overdue' | 'overpaid';

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | 'over-90';

/**
 * Receivables both ways (issues 10 and 17). Every amount is in the currency's minor unit
 * except `exactAmount` and `rounding`, the ledger's 4-decimal figures behind the amount due.
 */
export interface ReceivablesDto {
  asOf: string;
  currency: string;
  /** The workspace's payment matching tolerance (setting paymentTolerance; 0 by default). */
  tolerance: string;
  participants: {
    participantId: string;
    name: string;
    role: string;
    months: {
      month: string;
      runId: number;
      runIdentity: string;
      /** The statement's number: an invoice or a credit note, gapless in the workspace. */
      invoiceNumber: string;
      kind: 'invoice' | 'credit-note';
      /** payable: the market owes the participant; receivable: the participant owes the market. */
      direction: 'payable' | 'receivable';
      /** The amount due: the exact total rounded half-up to the minor unit (in the direction's terms). */
      amount: string;
      /** The ledger's exact total, 4 decimals, in the direction's terms. */
      exactAmount: string;
      /** amount − exactAmount, 4 decimals: the statement's Rounding line. */
      rounding: string;
      /** Signed: the prior-period adjustments this month's statement carries (0 for none). */
      adjustment: string;
      paid: string;
      /** amount − paid: negative when overpaid. */
      outstanding: string;
      /** What a payment within the tolerance left unmatched, written off rather than carried. */
      writtenOff: string;
      issueDate: string;
      dueDate: string;
      /** Days past the due date of what is still open as of the date (0 when not yet due or settled). */
      daysOverdue: number;
      /** The aging bucket of what is still open, null when nothing is. */
      aging: AgingBucket | null;
      status: ReceivableStatus;
      /** The ISO 11649 creditor reference a payer quotes. */
      paymentReference: string;
      payments: { id: number; paidOn: string; amount: string; reference: string }[];
      /** Signed: positive owed to the participant, negative owed by it, after this month. */
      balanceCarried: string;
    }[];
    balance: string;
  }[];
  overdue: {
    participantId: string;
    name: string;
    month: string;
    invoiceNumber: string;
    direction: 'payable' | 'receivable';
    outstanding: string;
    dueDate: string;
    daysOverdue: number;
  }[];
  /** What is still open, per direction: owed to the market (receivables) and owed by it (payables). */
  totals: { owedToMarket: string; owedByMarket: string };
  /** What is still open as of the date by days past due: current, 1–30, 31–60, 61–90, over 90. */
  aging: { bucket: AgingBucket; owedToMarket: string; owedByMarket: string; statements: number }[];
}

export interface PaymentDto {
  id: number;
  participantId: string;
  month: string;
  /** The number of the statement the payment is matched against. */
  statement: string;
  paidOn: string;
  amount: string;
  reference: string;
}

/** Payments recorded (newest first), with those undone when asked for. */
export interface PaymentListDto {
  currency: string;
  payments: (PaymentDto & {
    name: string;
    recordedAt: string;
    /** "recorded by hand" or the payments import it came from. */
    source: string;
    undone: null | { at: string; reason: string };
  })[];
}

export const receivableOperations = {
  /** Receivables both ways: each participant's statements, payments, what is outstanding, balances and overdue lists. */
  'receivables:list': {
    input: z.object({
      asOf: Day.optional(),
      participantId: Id.optional(),
      status: z.enum(['paid', 'partial', 'unpaid', 'overdue', 'overpaid']).optional(),
    }),
    http: 'GET /api/receivables',
    output: output<ReceivablesDto>(),
  },
} as const;

export const paymentOperations = {
  /**
   * Records a payment against an issued statement, named by its number or its month. The amount
   * is on the currency's minor unit and more than zero; a reference counts once per participant.
   */
  'payments:record': {
    input: z.object({
      participantId: Id,
      month: MonthText.optional(),
      statement: z.string().trim().max(40).optional(),
      paidOn: Day,
      amount: z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, {
          error: 'must be an amount written as a string, e.g. 1250.50',
          abort: true,
        })
        .superRefine(boundedDecimal()),
      reference: z.string().max(200).default(''),
    }),
    http: 'POST /api/payments',
    output: output<PaymentDto>(),
  },
  'payments:list': {
    input: z.object({
      participantId: Id.optional(),
      month: MonthText.optional(),
      includeUndone: Flag.default(true),
    }),
    http: 'GET /api/payments',
    output: output<PaymentListDto>(),
  },
  /** Undoes a payment recorded by mistake, with a reason; it stays listed and in the audit log. */
  'payments:undo': {
    input: z.object({
      id: IntegerParam.pipe(z.number().min(1, 'must be a payment id')),
      reason: z.string().trim().min(1, 'say why the payment is undone').max(500),
    }),
    http: 'POST /api/payments/:id/undo',
    output: output<PaymentListDto['payments'][number]>(),
  },
} as const;
