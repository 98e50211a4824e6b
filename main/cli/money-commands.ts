/**
 * The CLI's money commands (issue 17): `pay` records a payment against an
 * issued statement (by number or month), `payments` lists payments or undoes
 * one with a reason, `receivables` shows what is owed both ways with totals and
 * aging, and `account-statement` writes a participant's statement of account.
 * Each is one API operation, so the checks are those of the form and the API.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { PaymentListDto, ReceivablesDto, StatementFileDto } from '../../shared/contract';
import { callOperation } from '../api/dispatch';
import { writeFileAtomic } from '../atomic-file';

import { UsageError, common, printJson, refusal, withWorkspace } from './cli-support';

export async function commandPay(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      participant: { type: 'string' },
      statement: { type: 'string' },
      month: { type: 'string' },
      amount: { type: 'string' },
      date: { type: 'string' },
      reference: { type: 'string', default: '' },
    },
  });
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'payments:record', {
      participantId: values.participant,
      ...(values.statement ? { statement: values.statement } : {}),
      ...(values.month ? { month: values.month } : {}),
      amount: values.amount,
      paidOn: values.date,
      reference: values.reference,
    });
    if (!result.ok) return refusal(result.error);
    printJson(result.value);
    return 0;
  });
}

export async function commandPayments(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...common,
      participant: { type: 'string' },
      month: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [action = 'list', id] = positionals;
  if (action !== 'list' && action !== 'undo')
    throw new UsageError('payments takes list, or undo ID --reason TEXT');
  return withWorkspace(values.db, async (workspace) => {
    if (action === 'undo') {
      if (!id || !values.reason) throw new UsageError('payments undo needs the payment ID and --reason TEXT');
      const result = await callOperation({ workspace }, 'payments:undo', { id, reason: values.reason });
      if (!result.ok) return refusal(result.error);
      printJson(result.value);
      return 0;
    }
    const result = await callOperation({ workspace }, 'payments:list', {
      ...(values.participant ? { participantId: values.participant } : {}),
      ...(values.month ? { month: values.month } : {}),
      includeUndone: true,
    });
    if (!result.ok) return refusal(result.error);
    const list = result.value as PaymentListDto;
    if (values.json) {
      printJson(list);
      return 0;
    }
    for (const p of list.payments)
      process.stdout.write(
        `#${String(p.id).padEnd(5)} ${p.paidOn}  ${p.participantId.padEnd(16)} ${p.statement.padEnd(15)} ${p.amount.padStart(14)} ${list.currency}  ${p.reference}${
          p.undone ? `  UNDONE ${p.undone.at}: ${p.undone.reason}` : ''
        }\n`,
      );
    if (list.payments.length === 0) process.stdout.write('no payments recorded\n');
    return 0;
  });
}

export async function commandReceivables(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      'as-of': { type: 'string' },
      participant: { type: 'string' },
      status: { type: 'string' },
      overdue: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'receivables:list', {
      ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
      ...(values.participant ? { participantId: values.participant } : {}),
      ...(values.status ? { status: values.status } : {}),
    });
    if (!result.ok) return refusal(result.error);
    const r = result.value as ReceivablesDto;
    if (values.json) {
      printJson(values.overdue ? r.overdue : r);
      return 0;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (values.overdue) {
      out(`Overdue as of ${r.asOf} (${r.currency}):`);
      for (const o of r.overdue)
        out(
          `  ${o.participantId.padEnd(16)} ${o.invoiceNumber} ${o.month}  ${o.direction.padEnd(10)} ${o.outstanding.padStart(14)}  due ${o.dueDate}, ${o.daysOverdue} day(s) overdue`,
        );
      if (r.overdue.length === 0) out('  nothing is overdue');
      return 0;
    }
    for (const p of r.participants) {
      out(`${p.participantId} (${p.name}, ${p.role}): balance ${p.balance} ${r.currency}`);
      for (const m of p.months)
        out(
          `  ${m.invoiceNumber} ${m.month}  ${m.kind.padEnd(11)} ${m.amount.padStart(14)}  paid ${m.paid.padStart(14)}  outstanding ${m.outstanding.padStart(14)}  ${m.status} (due ${m.dueDate})`,
        );
    }
    out(
      `Open as of ${r.asOf} (${r.currency}): owed to the market ${r.totals.owedToMarket}, owed by the market ${r.totals.owedByMarket}`,
    );
    for (const a of r.aging)
      out(
        `  ${a.bucket.padEnd(8)} to the market ${a.owedToMarket.padStart(14)}  by the market ${a.owedByMarket.padStart(14)}`,
      );
    return 0;
  });
}

export async function commandAccountStatement(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      participant: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      out: { type: 'string', default: '.' },
    },
  });
  if (!values.participant) throw new UsageError('account-statement needs --participant ID');
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'statements:account-file', {
      participantId: values.participant,
      format: values.format,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
    });
    if (!result.ok) return refusal(result.error);
    const file = result.value as StatementFileDto;
    await mkdir(values.out!, { recursive: true });
    const target = path.join(values.out!, file.fileName);
    await writeFileAtomic(target, Buffer.from(file.base64, 'base64'), { replace: true });
    process.stdout.write(`${target}\n`);
    return 0;
  });
}
