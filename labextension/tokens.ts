/**
 * The ids shared by the plugins (the wire types are in types.ts).
 */

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
  'application/vnd.secure-check.explanation+json',
  'application/vnd.secure-check.robustness+json',
  'application/vnd.secure-check.analysis+json'
];
