/**
 * The ids shared by the plugins, and the token the panel plugin provides so that
 * other extensions can extend the panel (the wire types are in types.ts).
 */
import { Token } from '@lumino/coreutils';

import type { FindingsModel } from './model';

/** The panel plugin's id; its settings are stored under it (schema/plugin.json). */
export const PLUGIN_ID = 'secure-check:plugin';

/** The side panel's widget id (layout restorer, shell.activateById). */
export const PANEL_ID = 'secure-check-panel';

/** Command ids, one per action. */
export namespace CommandIDs {
  export const scanAll = 'secure-check:scan-notebook';
  export const openPanel = 'secure-check:open-panel';
  export const reveal = 'secure-check:reveal-finding';
  export const redact = 'secure-check:redact-finding';
  export const accept = 'secure-check:accept-finding';
  export const clearOutputs = 'secure-check:clear-cell-outputs';
  export const reportHtml = 'secure-check:download-report-html';
  export const reportSarif = 'secure-check:download-report-sarif';
}

/** MIME types of the magics' rich outputs. */
export const MIME_TYPES = [
  'application/vnd.secure-check.findings+json',
  'application/vnd.secure-check.pii+json',
  'application/vnd.secure-check.anonymize+json',
  'application/vnd.secure-check.fairness+json',
  'application/vnd.secure-check.mitigation+json',
  'application/vnd.secure-check.explanation+json',
  'application/vnd.secure-check.robustness+json',
  'application/vnd.secure-check.analysis+json'
];

/** What the panel plugin provides: the findings model it shows and a way to rescan. */
export interface ISecureCheck {
  /** The findings of the active notebook; its stateChanged signal fires on every change. */
  readonly model: FindingsModel;

  /**
   * Re-scan every cell of the active notebook (the scan-all command's behaviour).
   * Resolves when it is done (the model then holds its findings or its error);
   * does nothing without a notebook.
   */
  scan(): Promise<void>;
}

/** The token of the panel plugin's ISecureCheck. */
export const ISecureCheck = new Token<ISecureCheck>(
  'secure-check:ISecureCheck',
  'The secure-check findings panel: its model and a way to rescan.'
);
