/**
 * The operation table: every operation of the contract and the domain module that answers it
 * (inputs arrive already validated by dispatch.ts). A domain's handlers live beside its work:
 * workspace, readings, imports, settlement, views, payments, tariffs, accounts, shadow prices,
 * virtual meters, cost & consumption, audit, run comparison, receivables, statements, month
 * close, readiness, lineage and the market editor's definitions.
 */
import { accountHandlers } from './account-handlers';
import { auditHandlers } from './audit-handlers';
import type { Handlers } from './context';
import { costConsumptionHandlers } from './cost-consumption';
import { definitionHandlers } from './definition-handlers';
import { importHandlers } from './import-handlers';
import { lineageHandlers } from './lineage';
import { monthCloseHandlers } from './month-close';
import { monthReadinessHandlers } from './month-readiness';
import { paymentHandlers } from './payment-handlers';
import { readingHandlers } from './reading-handlers';
import { receivableHandlers } from './receivable-handlers';
import { runDiffHandlers } from './run-diff';
import { settlementHandlers } from './settlement-handlers';
import { shadowPriceHandlers } from './shadow-prices';
import { statementHandlers } from './statement-handlers';
import { tariffHandlers } from './tariff-handlers';
import { viewHandlers } from './view-handlers';
import { virtualMeterHandlers } from './virtual-meter-handlers';
import { workspaceHandlers } from './workspace-handlers';

export const handlers: Handlers = {
  ...tariffHandlers,
  ...accountHandlers,
  ...shadowPriceHandlers,
  ...virtualMeterHandlers,
  ...costConsumptionHandlers,
  ...auditHandlers,
  ...runDiffHandlers,
  ...receivableHandlers,
  ...statementHandlers,
  ...monthCloseHandlers,
  ...monthReadinessHandlers,
  ...lineageHandlers,
  ...definitionHandlers,
  ...workspaceHandlers,
  ...readingHandlers,
  ...importHandlers,
  ...settlementHandlers,
  ...paymentHandlers,
  ...viewHandlers,
};
