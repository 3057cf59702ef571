import plugins from '../index';
import {
  CommandIDs,
  ISecureCheck,
  MIME_TYPES,
  PANEL_ID,
  PLUGIN_ID
} from '../tokens';

describe('tokens', () => {
  it('keeps the ids that settings, layouts and keyboard shortcuts refer to', () => {
    expect(PLUGIN_ID).toBe('secure-check:plugin');
    expect(PANEL_ID).toBe('secure-check-panel');
    expect({ ...CommandIDs }).toEqual({
      scanAll: 'secure-check:scan-notebook',
      openPanel: 'secure-check:open-panel',
      reveal: 'secure-check:reveal-finding',
      redact: 'secure-check:redact-finding',
      accept: 'secure-check:accept-finding',
      clearOutputs: 'secure-check:clear-cell-outputs',
      reportHtml: 'secure-check:download-report-html',
      reportSarif: 'secure-check:download-report-sarif'
    });
    expect(MIME_TYPES).toEqual([
      'application/vnd.secure-check.findings+json',
      'application/vnd.secure-check.pii+json',
      'application/vnd.secure-check.anonymize+json',
      'application/vnd.secure-check.fairness+json',
      'application/vnd.secure-check.mitigation+json',
      'application/vnd.secure-check.explanation+json',
      'application/vnd.secure-check.robustness+json',
      'application/vnd.secure-check.analysis+json'
    ]);
  });

  it('names the ISecureCheck token after the package', () => {
    expect(ISecureCheck.name).toBe('secure-check:ISecureCheck');
    expect(ISecureCheck.description).toBeTruthy();
  });

  it('the panel plugin provides ISecureCheck; the MIME plugin provides nothing', () => {
    const byId = new Map(plugins.map(p => [p.id, p]));
    expect([...byId.keys()]).toEqual([PLUGIN_ID, 'secure-check:mime']);
    expect(byId.get(PLUGIN_ID)?.provides).toBe(ISecureCheck);
    expect(byId.get('secure-check:mime')?.provides).toBeUndefined();
  });
});
