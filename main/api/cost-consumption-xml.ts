/**
 * Seed 004's XML for cost and consumption: `deviceCostAndConsumption` in the
 * Tendril EMS namespace with the seed's extra namespace declarations, `@` keys
 * as attributes, and each `componentList.component[]` written as repeated
 * `<component>` children (the seed's XML has no `componentList` element). A `null`
 * (no tariff: no cost, no rate keys) is no element at all.
 */
import type { DeviceCostAndConsumption } from './cost-consumption';

const NAMESPACES =
  'xmlns="http://platform.tendrilinc.com/tnop/extension/ems" ' +
  'xmlns:ns2="http://iec.ch/TC57/2009/MeterReadings#" ' +
  'xmlns:ns3="http://platform.tendrilinc.com/tnop/extension/ems/logicalgroup" ' +
  'xmlns:ns4="http://platform.tendrilinc.com/tnop/extension/ems/buildingmodel"';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function element(name: string, value: Record<string, unknown>, indent: string, extra = ''): string {
  const attributes = Object.entries(value)
    .filter(([k, v]) => k.startsWith('@') && v !== undefined && v !== null)
    .map(([k, v]) => ` ${k.slice(1)}="${escape(String(v))}"`)
    .join('');
  const children: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('@') || v === undefined || v === null) continue;
    if (key === 'componentList') {
      for (const c of (v as { component: Record<string, unknown>[] }).component)
        children.push(element('component', c, `${indent}  `));
    } else if (key === 'subMeteringDetails') {
      const inner = (v as { deviceCostAndConsumption: Record<string, unknown>[] }).deviceCostAndConsumption
        .map((d) => element('deviceCostAndConsumption', d, `${indent}    `))
        .join('\n');
      children.push(
        `${indent}  <subMeteringDetails>${inner ? `\n${inner}\n${indent}  ` : ''}</subMeteringDetails>`,
      );
    } else children.push(`${indent}  <${key}>${escape(String(v))}</${key}>`);
  }
  const open = `${indent}<${name}${extra ? ` ${extra}` : ''}${attributes}`;
  return children.length ? `${open}>\n${children.join('\n')}\n${indent}</${name}>` : `${open}/>`;
}

export function costAndConsumptionXml(body: DeviceCostAndConsumption): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${element(
    'deviceCostAndConsumption',
    body as unknown as Record<string, unknown>,
    '',
    NAMESPACES,
  )}\n`;
}
