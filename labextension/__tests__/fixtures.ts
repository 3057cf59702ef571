/** Findings shaped exactly as the server sends them (core/findings.py Finding.to_dict). */
import { IFinding, IScanResult } from '../types';

export function finding(overrides: Partial<IFinding> = {}): IFinding {
  return {
    path: 'work/leaky.ipynb',
    cell_index: 1,
    cell_id: 'c1',
    where: 'source',
    output_index: null,
    line: 2,
    column: 21,
    category: 'secret',
    rule: 'aws-access-key',
    severity: 'high',
    confidence: 0.99,
    fingerprint: 'sc1:aaaa',
    preview: 'AKIA****WXYZ',
    message: 'AWS access key id',
    kind: 'code',
    accepted: false,
    ...overrides
  };
}

export function result(
  findings: IFinding[],
  extra: Partial<IScanResult> = {}
): IScanResult {
  return {
    schema: 'secure-check/scan@1',
    path: 'work/leaky.ipynb',
    stats: { cells: 3, seconds: 0.01 },
    findings,
    ...extra
  };
}
