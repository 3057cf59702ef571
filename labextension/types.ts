/**
 * The wire types: the JSON the server sends and takes, field for field as
 * src/secure_check/core/findings.py (findings) and src/secure_check/server/service.py
 * (the scan, baseline and report answers) write it; the kernel inventory
 * (src/secure_check/kernel/inventory.py); and the user settings (schema/plugin.json).
 */

/** How urgent a finding is (core/findings.py Severity). */
export type Severity = 'low' | 'medium' | 'high';

/** Where in a cell a finding sits (core/findings.py Where). */
export type Where = 'source' | 'output' | 'metadata';

/** The finding categories (core/findings.py Category). */
export type Category =
  | 'secret'
  | 'pii'
  | 'fairness'
  | 'explanation'
  | 'robustness'
  | 'privacy'
  | 'dependency';

/** One located finding: it holds a redacted preview and a fingerprint, never a raw value. */
export interface IFinding {
  path: string;
  cell_index: number | null;
  cell_id: string | null;
  where: Where;
  output_index: number | null;
  line: number;
  column: number;
  category: Category;
  rule: string;
  severity: Severity;
  confidence: number;
  fingerprint: string;
  preview: string;
  message: string;
  kind: string;
  accepted: boolean;
  /** Structured facts that are not the value (a PII column: pii_kind, rows_matched, share). */
  details?: { [key: string]: string | number };
  /** The finding's line, every hit on it masked ('' when unknown). */
  context?: string;
}

/** Why a rule's finding matters and how to fix it (reports/rules.py advice()). */
export interface IAdvice {
  label: string;
  why: string;
  fix: string | null;
  next: string | null;
}

/** The panel's kinds of finding: its filters and header counts. */
export const KINDS = ['secret', 'pii', 'analysis', 'dependency'] as const;

/** One of KINDS. */
export type Kind = (typeof KINDS)[number];

/** The kind of a finding: the analyses' categories count as one kind. */
export function kindOf(f: IFinding): Kind {
  return f.category === 'secret' ||
    f.category === 'pii' ||
    f.category === 'dependency'
    ? f.category
    : 'analysis';
}

/** The answer of POST /secure-check/scan (and of redact / clear-output). */
export interface IScanResult {
  schema: string;
  path: string;
  stats: { cells: number; seconds: number };
  findings: IFinding[];
  /** Why each rule present matters and how to fix it, by rule id. */
  advice?: Record<string, IAdvice>;
  /** Cell indices scanned, present only for an incremental scan of posted cells. */
  scanned?: number[];
  /** The file version scanned or written (ISO 8601); an edit sends it back. */
  last_modified?: string;
  /** The environment variable name a redaction used. */
  name?: string;
  /** How many cells a clear-output emptied. */
  cleared?: number;
  /** Files the scan could not finish, e.g. ``scan stopped after 30 s`` (no findings then). */
  errors?: IScanError[];
}

/** A file the server could not scan, and why. */
export interface IScanError {
  path: string;
  error: string;
}

/** A cell as posted for an incremental scan. */
export interface IScanCell {
  index: number;
  id?: string;
  cell_type: string;
  source: string;
  outputs?: unknown[];
  metadata?: Record<string, unknown>;
}

/** One accepted finding in `.secure-check/baseline.json`. */
export interface IBaselineEntry {
  path: string;
  rule: string;
  fingerprint: string;
  preview: string;
  reason: string;
  who: string;
  when: string;
}

/** The answer of GET /secure-check/baseline. */
export interface IBaseline {
  path: string;
  entries: IBaselineEntry[];
}

/** The report formats the server renders for download. */
export type ReportFormat = 'html' | 'sarif';

/** The answer of POST /secure-check/report: the report file's text, type and name. */
export interface IReport {
  format: ReportFormat;
  media_type: string;
  filename: string;
  content: string;
}

/** The audits the analyses view shows, in column order (kernel/inventory.py AUDITS). */
export const AUDITS = ['fairness', 'explain', 'robustness', 'card'] as const;

/** One of the audits in AUDITS. */
export type Audit = (typeof AUDITS)[number];

/** Whether an audit matches the model as it is now (kernel/inventory.py). */
export type AuditStatus = 'current' | 'stale' | 'missing';

/** One audit of one model: its status and the latest matching audit-log entry. */
export interface IAuditState {
  status: AuditStatus;
  when: string | null;
  seq: number | null;
}

/** The original a mitigated model came from (kernel/inventory.py _link_mitigations). */
export interface IMitigationLink {
  /** The original's name in the kernel, else its digest. */
  model: string;
  method: string | null;
  constraint: string | null;
  seq: number | null;
}

/** One model the kernel holds. */
export interface IModelAudits {
  name: string;
  type: string;
  digest: string;
  audits: Record<Audit, IAuditState>;
  /** Set when `secure_check.mitigate` made this model (absent from older kernels). */
  mitigated_from?: IMitigationLink | null;
}

/** What ``inventory(globals())`` returns. */
export interface IInventory {
  models: IModelAudits[];
}

/** The user settings (labextension/schema/plugin.json). */
export interface ISettings {
  autoScan: boolean;
  debounceMs: number;
  minSeverity: Severity;
  showAccepted: boolean;
}

/** Default settings, used until the registry answers. */
export const DEFAULT_SETTINGS: ISettings = {
  autoScan: true,
  debounceMs: 600,
  minSeverity: 'low',
  showAccepted: false
};

/** Ordering of severities, so that thresholds compare. */
export const SEVERITY_RANK: Record<Severity, number> = {
  low: 1,
  medium: 2,
  high: 3
};
