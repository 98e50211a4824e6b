/** Statement operations: a participant's monthly statement and statement of account, as data or as a PDF or CSV file. */
import { z } from 'zod';

import { Day, Id } from '../definition';

import { MonthText, RunId, output, type StatementFileDto } from './common';

/** A participant's monthly statement from a published run (issue 10): its earnings, its bill, payments and balances. */
export interface StatementDto {
  workspaceName: string;
  currency: string;
  timezone: string;
  participant: { id: string; name: string; role: string };
  month: string;
  /** Local days, inclusive. */
  periodFrom: string;
  periodTo: string;
  run: { id: number; identity: string; engineVersion: string; publishedUtc: string };
  /** The day the statement was made (balances and payments as of it). */
  asOf: string;
  meterTypes: {
    meterType: number;
    /** The generator side (a prosumer's earnings); null when it generated nothing. */
    earnings: null | {
      buyers: {
        id: string;
        name: string;
        kWh: string;
        mwh: string;
        rec: number;
        averagePrice: string;
        amount: string;
      }[];
      traded: StatementSection;
      openMarket: StatementSection;
      unsold: StatementSection;
      total: string;
      gapHours: number;
    };
    /** The consumer side (a consumer's bill, or a prosumer's purchases); null when it bought nothing. */
    bill: null | {
      generators: {
        id: string;
        name: string;
        planName: string;
        energyType: string;
        kWh: string;
        averagePrice: string;
        amount: string;
      }[];
      traded: { kWh: string; amount: string };
      grid: { planName: string; providerName: string; kWh: string; amount: string };
      /**
       * The grid energy as the tariff engine itemises it: one line per TOU period and rate
       * ("TOU period 2 (peak)", "hours at this rate", "energy"), kWh, rate per kWh, hours and
       * the sum of its hourly lines (4 decimals).
       */
      gridEnergy: { period: string; rate: string; kWh: string; hours: number; amount: string }[];
      /** The tariff's monthly items (fixed, demand, minimum, taxes), part of the grid amount. */
      tariffItems: {
        name: string;
        chargeClass: string;
        quantity: string | null;
        quantityKey: string;
        rate: string | null;
        amount: string;
      }[];
      cfeScore: string;
      total: string;
      gapHours: number;
    };
  }[];
  /** The month is closed: this statement carries the run it was closed on, for good. */
  closed: boolean;
  /**
   * This run is the month's statement of record (the run it was closed on, or its run in force).
   * Another run's statement shows that run's figures only: no payments, balances or adjustments.
   */
  ofRecord: boolean;
  /** Signed: this month's figures (earnings less bill), before adjustments. */
  monthAmount: string;
  /**
   * Prior-period adjustments carried by this statement (accepted re-settlements of closed months),
   * each naming the invoice or credit note it corrects; `amount` is signed, in the minor unit.
   */
  adjustments: {
    originalMonth: string;
    originalNumber: string;
    fromRunId: number;
    toRunId: number;
    amount: string;
  }[];
  /** Signed, exact (4 decimals): this month's figures plus the adjustments. */
  exactTotal: string;
  /** Signed, 4 decimals: amountDue − exactTotal, the statement's Rounding line. */
  rounding: string;
  /**
   * Signed, in the currency's minor unit: the exact total rounded half-up. Positive the market
   * owes the participant (a credit note), negative the participant owes the market (an invoice).
   */
  thisMonth: string;
  /** The amount due as the document states it: |thisMonth|, in the minor unit. */
  amountDue: string;
  direction: 'payable' | 'receivable';
  /** An invoice when the participant owes the market; a credit note when the market owes it. */
  kind: 'invoice' | 'credit-note';
  /** The statement's number (gapless in the workspace); '' for a run that is not the statement of record. */
  number: string;
  issueDate: string;
  dueDate: string;
  /** The ISO 11649 creditor reference a payer quotes. */
  paymentReference: string;
  seller: { id: string; name: string };
  buyer: { id: string; name: string };
  /** Amounts from here on are in the minor unit. */
  balanceBroughtForward: string;
  payments: { paidOn: string; amount: string; reference: string }[];
  paid: string;
  outstanding: string;
  /** A difference within the matching tolerance, written off rather than carried. */
  writtenOff: string;
  balanceCarried: string;
}

export interface StatementSection {
  kWh: string;
  mwh: string;
  rec: number;
  averagePrice: string;
  amount: string;
}

/**
 * A participant's statement of account (issue 17): the balance brought forward, then every
 * statement issued and every payment, with the running balance, and the closing balance. All
 * amounts in the currency's minor unit; signed as balances are: positive the market owes the
 * participant, negative the participant owes the market.
 */
export interface AccountStatementDto {
  workspaceName: string;
  currency: string;
  participant: { id: string; name: string; role: string };
  /** Statement months from … to (inclusive, YYYY-MM). */
  from: string;
  to: string;
  asOf: string;
  openingBalance: string;
  lines: {
    /** The statement's issue date, the payment's date. */
    date: string;
    kind: 'invoice' | 'credit-note' | 'payment' | 'write-off';
    /** The statement's number (for a payment, the statement it pays). */
    number: string;
    month: string;
    description: string;
    /** Signed change of the balance. */
    amount: string;
    balance: string;
  }[];
  closingBalance: string;
}

export const statementOperations = {
  /** A participant's monthly statement (earnings, bill, payments, balances) from the month's latest published run or a given one. */
  'statements:get': {
    input: z.object({ participantId: Id, month: MonthText, runId: RunId.optional(), asOf: Day.optional() }),
    http: 'GET /api/statements/:participantId/:month',
    output: output<StatementDto>(),
  },
  /** The statement as a file: PDF (with an embedded Thai-capable font) or CSV. */
  'statements:file': {
    input: z.object({
      participantId: Id,
      month: MonthText,
      format: z.enum(['pdf', 'csv']),
      runId: RunId.optional(),
      asOf: Day.optional(),
    }),
    http: 'GET /api/statements/:participantId/:month/file',
    output: output<StatementFileDto>(),
  },
  /** A participant's statement of account (opening balance, statements, payments, closing balance). */
  'statements:account': {
    input: z.object({
      participantId: Id,
      from: MonthText.optional(),
      to: MonthText.optional(),
      asOf: Day.optional(),
    }),
    http: 'GET /api/account-statements/:participantId',
    output: output<AccountStatementDto>(),
  },
  /** The statement of account as a file: PDF or CSV. */
  'statements:account-file': {
    input: z.object({
      participantId: Id,
      from: MonthText.optional(),
      to: MonthText.optional(),
      asOf: Day.optional(),
      format: z.enum(['pdf', 'csv']),
    }),
    http: 'GET /api/account-statements/:participantId/file',
    output: output<StatementFileDto>(),
  },
} as const;
