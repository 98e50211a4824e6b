/**
 * The one contract of Energy Ledger. Every operation the app offers is listed
 * here once: its name, its input schema (checked at every boundary), its output
 * type and its HTTP method and path. Electron IPC, the loopback HTTP server and
 * the CLI are three transports of this same list; the renderer's client is
 * typed from it, so an operation that is not here cannot be called.
 *
 * Each domain's operations and answer types live in its own module beside this
 * one (common.ts holds what they share); this file puts the table together and
 * re-exports the lot, so importers keep importing `shared/contract`.
 */
import type { z } from 'zod';

import { operationNames, type OperationName } from '../operation-names';

import { accountOperations } from './accounts';
import { auditLogOperations, auditPackOperations } from './audit';
import type { Result } from './common';
import { meterOperations } from './meters';
import { readingOperations } from './readings';
import { paymentOperations, receivableOperations } from './receivables';
import { monthCloseOperations, runDiffOperations, settlementOperations } from './settlement';
import { statementOperations } from './statements';
import { tariffOperations } from './tariffs';
import { viewOperations } from './views';
import { workspaceOperations } from './workspace';

/**
 * Every operation. The order is the HTTP server's route order and `query --list`'s, as it has
 * always been: domains split in two or three tables keep their operations where they were.
 */
export const contract = {
  ...workspaceOperations,
  ...readingOperations,
  ...tariffOperations,
  ...accountOperations,
  ...meterOperations,
  ...auditLogOperations,
  ...monthCloseOperations,
  ...auditPackOperations,
  ...statementOperations,
  ...runDiffOperations,
  ...receivableOperations,
  ...settlementOperations,
  ...paymentOperations,
  ...viewOperations,
} as const;

export type Contract = typeof contract;

/** True for operations whose value is the whole HTTP body (the seeds' own envelopes). */
export function answersOwnEnvelope(name: OperationName): boolean {
  return (contract[name] as { envelope?: string }).envelope === 'body';
}

/** True for operations that also answer XML (seed 004) when the client asks for `application/xml`. */
export function answersXml(name: OperationName): boolean {
  return (contract[name] as { xml?: boolean }).xml === true;
}

/** True for operations that create a resource (HTTP 201, as seed 002's POST answers). */
export function createsResource(name: OperationName): boolean {
  return (contract[name] as { created?: boolean }).created === true;
}
export type { OperationName };
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type OperationParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationOutput<K extends OperationName> = Contract[K]['output'];

/** The API the renderer sees, whichever transport carries it. */
export type Api = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>>;
};

export function httpRoute(name: OperationName): { method: string; path: string } {
  const [method, path] = contract[name].http.split(' ') as [string, string];
  return { method, path };
}

// The preload needs the names without zod; keep the two lists identical.
const contractNames: readonly OperationName[] = Object.keys(contract) as OperationName[];
export function namesMatchPreloadList(): boolean {
  return (
    contractNames.length === operationNames.length &&
    contractNames.every((name) => operationNames.includes(name))
  );
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractKeysAreOperationNames: Same<keyof Contract, OperationName> = true;
void contractKeysAreOperationNames;

export type { AccountListItem, LoadProfileDto } from './accounts';
export type { AuditListDto, LineageDto } from './audit';
export {
  httpStatusOf,
  type ErrorCode,
  type OperationError,
  type Result,
  type StatementFileDto,
} from './common';
export type { GreenButtonReportDto, ImportReportDto, ImportRowFacts } from './import-report';
export type { VirtualPreviewDto } from './meters';
export type {
  ImportProfileDto,
  ImportProgress,
  ImportRemovalDto,
  MarketPriceDto,
  MarketPricesDto,
  MeterDto,
  ReadingDto,
  ReadingsDto,
} from './readings';
export type {
  AgingBucket,
  PaymentDto,
  PaymentListDto,
  ReceivablesDto,
  ReceivableStatus,
} from './receivables';
export type {
  AcceptRunDto,
  CloseMonthDto,
  MonthReadinessDto,
  MonthStatusDto,
  RunDiffDto,
  RunDto,
  RunSourceDto,
  SettleOutcomeDto,
  SettlementStatusDto,
  SettleProgress,
} from './settlement';
export type { AccountStatementDto, StatementDto, StatementSection } from './statements';
export type { TariffDto } from './tariffs';
export type { DefinitionSaveDto, ParticipantDto, WorkspaceSummaryDto } from './workspace';
