/** The panel's state: findings of the active notebook, filters, scanning flag; Signals on change. */
import { ISignal, Signal } from '@lumino/signaling';

import {
  Category,
  DEFAULT_SETTINGS,
  IAdvice,
  IFinding,
  KINDS,
  Kind,
  kindOf,
  IScanError,
  IScanResult,
  ISettings,
  SEVERITY_RANK,
  Severity
} from './types';

/** The findings of one cell (``cellIndex`` null: notebook-level metadata). */
export interface ICellGroup {
  cellIndex: number | null;
  findings: IFinding[];
}

/** Holds what the side panel, the toolbar shield and the commands show and act on. */
export class FindingsModel {
  /** Emitted whenever anything the views show changes. */
  get stateChanged(): ISignal<this, void> {
    return this._stateChanged;
  }

  /** The notebook path (relative to the server root) the findings belong to. */
  get path(): string | null {
    return this._path;
  }

  /** Every finding, unfiltered. */
  get findings(): readonly IFinding[] {
    return this._findings;
  }

  /** Whether a scan is in flight (the panel shows a spinner). */
  get scanning(): boolean {
    return this._pending > 0;
  }

  /** The last error message from the server, if the last request failed. */
  get error(): string | null {
    return this._error;
  }

  /** The finding the user last clicked (palette actions act on it). */
  get selected(): IFinding | null {
    return this._selected;
  }

  set selected(value: IFinding | null) {
    this._selected = value;
    this._emit();
  }

  /** The user settings in force. */
  get settings(): ISettings {
    return this._settings;
  }

  set settings(value: ISettings) {
    this._settings = { ...value };
    this._emit();
  }

  /** Severities the user toggled off in the panel. */
  get hiddenSeverities(): ReadonlySet<Severity> {
    return this._hiddenSeverities;
  }

  /** Categories the user toggled off in the panel. */
  get hiddenCategories(): ReadonlySet<Category> {
    return this._hiddenCategories;
  }

  /** Why each rule matters and how to fix it, as the server sent it. */
  get advice(): Readonly<Record<string, IAdvice>> {
    return this._advice;
  }

  /** How many cells the last full scan checked (null before one answered). */
  get checked(): number | null {
    return this._checked;
  }

  /** Kinds the user toggled off in the panel. */
  get hiddenKinds(): ReadonlySet<Kind> {
    return this._hiddenKinds;
  }

  /** Open findings per kind (the header's counts), at or above the threshold. */
  get countsByKind(): Record<Kind, number> {
    const min = SEVERITY_RANK[this._settings.minSeverity];
    const counts = Object.fromEntries(KINDS.map(k => [k, 0])) as Record<
      Kind,
      number
    >;
    for (const f of this._findings) {
      if (!f.accepted && SEVERITY_RANK[f.severity] >= min) {
        counts[kindOf(f)]++;
      }
    }
    return counts;
  }

  /** Toggle a kind filter chip. */
  toggleKind(kind: Kind): void {
    toggle(this._hiddenKinds, kind);
    this._emit();
  }

  /**
   * Select the next (step 1) or previous (step -1) visible finding, wrapping around.
   *
   * @returns the finding now selected, or null when none is visible
   */
  step(step: 1 | -1): IFinding | null {
    const visible = this.visible;
    if (!visible.length) {
      return null;
    }
    const at = this._selected
      ? visible.findIndex(f => sameFinding(f, this._selected!))
      : -1;
    const next =
      at < 0
        ? step > 0
          ? 0
          : visible.length - 1
        : (at + step + visible.length) % visible.length;
    this.selected = visible[next];
    return visible[next];
  }

  /** Categories present among the findings (for the filter chips). */
  get categories(): Category[] {
    return Array.from(new Set(this._findings.map(f => f.category))).sort();
  }

  /** The findings that pass the threshold, the filters and the accepted switch, in cell order. */
  get visible(): IFinding[] {
    const min = SEVERITY_RANK[this._settings.minSeverity];
    return this._findings
      .filter(
        f =>
          SEVERITY_RANK[f.severity] >= min &&
          !this._hiddenSeverities.has(f.severity) &&
          !this._hiddenCategories.has(f.category) &&
          !this._hiddenKinds.has(kindOf(f)) &&
          (this._settings.showAccepted || !f.accepted)
      )
      .sort(compareFindings);
  }

  /** The count shown on the badges: open (not accepted) findings at or above the threshold. */
  get count(): number {
    const min = SEVERITY_RANK[this._settings.minSeverity];
    return this._findings.filter(
      f => !f.accepted && SEVERITY_RANK[f.severity] >= min
    ).length;
  }

  /** The visible findings grouped by cell, notebook metadata first. */
  get groups(): ICellGroup[] {
    const groups: ICellGroup[] = [];
    for (const finding of this.visible) {
      const last = groups[groups.length - 1];
      if (last && last.cellIndex === finding.cell_index) {
        last.findings.push(finding);
      } else {
        groups.push({ cellIndex: finding.cell_index, findings: [finding] });
      }
    }
    return groups;
  }

  /** Switch to another notebook (or none): its findings are unknown until scanned. */
  setPath(path: string | null): void {
    if (path === this._path) {
      return;
    }
    this._path = path;
    this._findings = [];
    this._advice = {};
    this._checked = null;
    this._selected = null;
    this._error = null;
    this._emit();
  }

  /** Replace every finding by a full scan's result (ignored if it is for another notebook). */
  setResult(result: IScanResult): void {
    if (result.path !== this._path) {
      return;
    }
    this._error = scanErrorText(result.errors);
    if (this._error === null) {
      this._findings = result.findings.slice();
      this._advice = { ...(result.advice ?? {}) };
      this._checked = result.stats.cells;
    } else {
      // NOTE: an unfinished scan proves nothing: keep what was found, claim no cell checked.
      this._checked = null;
    }
    this._emit();
  }

  /** Merge an incremental result: the scanned cells' findings are replaced, the rest kept. */
  mergeCells(result: IScanResult): void {
    if (result.path !== this._path) {
      return;
    }
    const scanned = new Set(result.scanned ?? []);
    this._findings = this._findings
      .filter(f => f.cell_index === null || !scanned.has(f.cell_index))
      .concat(result.findings);
    this._advice = { ...this._advice, ...(result.advice ?? {}) };
    this._error = scanErrorText(result.errors);
    this._emit();
  }

  /** Mark findings with this rule and fingerprint accepted (after a baseline POST). */
  markAccepted(finding: IFinding): void {
    this._findings = this._findings.map(f =>
      f.rule === finding.rule && f.fingerprint === finding.fingerprint
        ? { ...f, accepted: true }
        : f
    );
    this._emit();
  }

  /** Toggle a severity filter chip. */
  toggleSeverity(severity: Severity): void {
    toggle(this._hiddenSeverities, severity);
    this._emit();
  }

  /** Toggle a category filter chip. */
  toggleCategory(category: Category): void {
    toggle(this._hiddenCategories, category);
    this._emit();
  }

  /**
   * Track a request: the spinner shows while any is in flight; a failure is kept as ``error``.
   *
   * @returns the request's value, or undefined when it failed
   */
  async track<T>(request: Promise<T>): Promise<T | undefined> {
    this._pending++;
    this._emit();
    try {
      return await request;
    } catch (reason) {
      const message = reason instanceof Error ? reason.message : String(reason);
      this._error = stoppedText(message) ?? message;
      return undefined;
    } finally {
      this._pending--;
      this._emit();
    }
  }

  private _emit(): void {
    this._stateChanged.emit();
  }

  private _path: string | null = null;
  private _findings: IFinding[] = [];
  private _selected: IFinding | null = null;
  private _pending = 0;
  private _error: string | null = null;
  private _settings: ISettings = { ...DEFAULT_SETTINGS };
  private _hiddenSeverities = new Set<Severity>();
  private _hiddenCategories = new Set<Category>();
  private _hiddenKinds = new Set<Kind>();
  private _advice: Record<string, IAdvice> = {};
  private _checked: number | null = null;
  private _stateChanged = new Signal<this, void>(this);
}

const STOPPED = /^(scan|report|redact) stopped after (\S+) s$/;
/** What a request the server stopped at its time limit did not do, by route. */
const NOT_DONE: Record<string, string> = {
  scan: 'Nothing new was checked; scan it with the secure-check CLI.',
  report:
    'No report was made; make it with the secure-check CLI (secure-check scan --format html).',
  redact: 'The file was not changed; replace the secret by hand.'
};

/** Say what a server message "<route> stopped after N s" means, or null for other messages. */
export function stoppedText(message: string): string | null {
  const stopped = STOPPED.exec(message);
  if (!stopped) {
    return null;
  }
  const [, route, seconds] = stopped;
  const Route = route[0].toUpperCase() + route.slice(1);
  return (
    `${Route} stopped after ${seconds} s: the notebook is too large or crafted to be slow. ` +
    NOT_DONE[route]
  );
}

/** Say why a scan did not finish (the server's ``errors`` entries), or null when it did. */
export function scanErrorText(errors: IScanError[] | undefined): string | null {
  if (!errors?.length) {
    return null;
  }
  return errors
    .map(
      e =>
        stoppedText(e.error) ??
        `Could not scan ${e.path || 'the notebook'}: ${e.error}`
    )
    .join(' ');
}

/** Order: notebook metadata, then by cell, line, column, strongest first. */
export function compareFindings(a: IFinding, b: IFinding): number {
  const cell = (a.cell_index ?? -1) - (b.cell_index ?? -1);
  if (cell !== 0) {
    return cell;
  }
  return (
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
  );
}

/** Whether two findings are the same one (a re-scan makes new objects). */
export function sameFinding(a: IFinding, b: IFinding): boolean {
  return (
    a.fingerprint === b.fingerprint &&
    a.cell_index === b.cell_index &&
    a.where === b.where &&
    a.line === b.line &&
    a.column === b.column
  );
}

function toggle<T>(set: Set<T>, value: T): void {
  if (set.has(value)) {
    set.delete(value);
  } else {
    set.add(value);
  }
}
