/** The typed REST client: the only module that calls requestAPI. */
import { ServerConnection } from '@jupyterlab/services';

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

/**
 * Replace the finding's literal by os.environ["NAME"] in the notebook file on disk.
 * `lastModified` is the file version the panel's document holds: the server answers 409
 * instead of overwriting a save made since.
 */
export function redact(
  finding: IFinding,
  lastModified: string,
  name?: string
): Promise<IScanResult> {
  return post<IScanResult>('redact', {
    path: finding.path,
    cell_index: finding.cell_index,
    line: finding.line,
    fingerprint: finding.fingerprint,
    last_modified: lastModified,
    ...(name ? { name } : {})
  });
}

/** Clear one cell's outputs on disk (every cell's when cellIndex is null); 409 as redact. */
export function clearOutput(
  path: string,
  cellIndex: number | null,
  lastModified: string
): Promise<IScanResult> {
  return post<IScanResult>('clear-output', {
    path,
    last_modified: lastModified,
    ...(cellIndex === null ? {} : { cell_index: cellIndex })
  });
}

/** Whether a request failed because the file changed on disk since it was scanned. */
export function isConflict(reason: unknown): boolean {
  return (
    reason instanceof ServerConnection.ResponseError &&
    reason.response.status === 409
  );
}

/** Render the report of a notebook as an HTML or SARIF file (text, type and name). */
export function report(path: string, format: ReportFormat): Promise<IReport> {
  return post<IReport>('report', { path, format });
}
