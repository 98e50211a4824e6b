/** The definition's downloads: the one in force (or the editor's draft) and the template, as JSON files. */
import {
  DEFINITION_TEMPLATE_FILE_NAME,
  definitionTemplateText,
} from '../../../../shared/definition-template';
import { saveFile } from '../../download';

/** `bangkok-24-7-cfe-demo-definition.json` for a market named "Bangkok 24/7 CFE demo". */
export function definitionFileName(marketName: string): string {
  const slug = marketName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'workspace'}-definition.json`;
}

export function downloadDefinition(definition: unknown, marketName: string): void {
  saveFile(definitionFileName(marketName), `${JSON.stringify(definition, null, 2)}\n`, 'application/json');
}

export function downloadTemplate(): void {
  saveFile(DEFINITION_TEMPLATE_FILE_NAME, definitionTemplateText(), 'application/json');
}
