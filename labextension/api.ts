/** The typed REST client: the only module that calls requestAPI. */
import { requestAPI } from './request';
import {
  IBaseline,
  IBaselineEntry,
  IFinding,
  IScanCell,
  IReport,
  IScanResult,
  ReportFormat
} from './types';

function post<T>(endPoint: string, body: object): Promise<T> {
  return requestAPI<T>(endPoint, {
    method: 'POST',
    body: JSON.stringify(body)
  });
}

/** Scan a notebook file (path relative to the server root). */
export function scanPath(path: string): Promise<IScanResult> {
  return post<IScanResult>('scan', { path });
}

/** Scan only the given cells (the live re-scan of edited cells). */
export function scanCells(
  path: string,
  cells: IScanCell[]
): Promise<IScanResult> {
  return post<IScanResult>('scan', { path, cells });
}

/** Read the baseline of accepted findings. */
export function getBaseline(): Promise<IBaseline> {
  return requestAPI<IBaseline>('baseline', { method: 'GET' });
}

/** Accept a finding with a reason (written to the baseline file). */
export async function accept(
  finding: IFinding,
  reason: string
): Promise<IBaselineEntry> {
  const reply = await post<{ entry: IBaselineEntry }>('baseline', {
    finding,
    reason
  });
  return reply.entry;
}

/** Replace the finding's literal by os.environ["NAME"] in the notebook file on disk. */
export function redact(finding: IFinding, name?: string): Promise<IScanResult> {
  return post<IScanResult>('redact', {
    path: finding.path,
    cell_index: finding.cell_index,
    line: finding.line,
    fingerprint: finding.fingerprint,
    ...(name ? { name } : {})
  });
}

/** Clear one cell's outputs on disk (every cell's when cellIndex is null). */
export function clearOutput(
  path: string,
  cellIndex: number | null
): Promise<IScanResult> {
  return post<IScanResult>('clear-output', {
    path,
    ...(cellIndex === null ? {} : { cell_index: cellIndex })
  });
}

/** Render the report of a notebook as an HTML or SARIF file (text, type and name). */
export function report(path: string, format: ReportFormat): Promise<IReport> {
  return post<IReport>('report', { path, format });
}
