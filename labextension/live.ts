/** Live scanning of the active notebook: debounced, posting only the cells that changed. */
import { ICellModel } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { scanCells } from './api';
import { FindingsModel } from './model';
import { IScanCell } from './types';

/** Outputs heavier than this are posted without their binary payloads. */
const BINARY_MIME = /^(image|video|audio)\/|application\/pdf/;

/** Serialise a cell for POST /scan; images and other binary outputs are left out. */
export function toScanCell(cell: ICellModel, index: number): IScanCell {
  const json = cell.toJSON() as unknown as Record<string, unknown>;
  const source = Array.isArray(json.source)
    ? json.source.join('')
    : String(json.source);
  const outputs = (json.outputs as Record<string, unknown>[] | undefined)?.map(
    output => {
      const data = output.data as Record<string, unknown> | undefined;
      if (!data) {
        return output;
      }
      const kept = Object.entries(data).filter(
        ([mime]) => !BINARY_MIME.test(mime)
      );
      return { ...output, data: Object.fromEntries(kept) };
    }
  );
  return {
    index,
    id: cell.id,
    cell_type: cell.type,
    source,
    metadata: json.metadata as Record<string, unknown>,
    ...(outputs ? { outputs } : {})
  };
}

/** A fingerprint of what a cell holds, to tell which cells changed since the last scan. */
export function cellKey(cell: IScanCell): string {
  return JSON.stringify([cell.cell_type, cell.source, cell.outputs ?? null]);
}

/** Follows the active notebook and keeps the model's findings current. */
export class LiveScanner {
  constructor(tracker: INotebookTracker, model: FindingsModel) {
    this._tracker = tracker;
    this._model = model;
    tracker.currentChanged.connect(this._onCurrent, this);
    this._onCurrent();
  }

  /** The notebook being followed. */
  get panel(): NotebookPanel | null {
    return this._panel;
  }

  /** Re-scan every cell now (the "re-scan all" action). */
  async scanAll(): Promise<void> {
    this._order = '';
    await this._scanChanged(true);
  }

  private _onCurrent(): void {
    this._panel?.content.model?.contentChanged.disconnect(this._schedule, this);
    this._panel = this._tracker.currentWidget;
    this._order = '';
    this._model.setPath(this._panel?.context.path ?? null);
    const panel = this._panel;
    if (!panel) {
      return;
    }
    void panel.context.ready.then(() => {
      if (panel !== this._panel) {
        return;
      }
      panel.content.model?.contentChanged.connect(this._schedule, this);
      panel.context.pathChanged.connect(this._onPath, this);
      if (this._model.settings.autoScan) {
        void this.scanAll();
      }
    });
  }

  private _onPath(): void {
    this._model.setPath(this._panel?.context.path ?? null);
  }

  private _schedule(): void {
    if (!this._model.settings.autoScan) {
      return;
    }
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(
      () => void this._scanChanged(false),
      this._model.settings.debounceMs
    );
  }

  private async _scanChanged(all: boolean): Promise<void> {
    const panel = this._panel;
    const cells = panel?.content.model?.cells;
    if (!panel || !cells) {
      return;
    }
    const current = Array.from(cells, (cell, i) => toScanCell(cell, i));
    const keys = current.map(cellKey);
    // NOTE: cells added, removed or moved shift indices: then every cell is posted again.
    const order = current.map(c => c.id).join('\n');
    const moved = order !== this._order;
    const changed =
      all || moved
        ? current
        : current.filter((c, i) => this._seen.get(c.id!) !== keys[i]);
    if (changed.length === 0) {
      return;
    }
    this._order = order;
    this._seen = new Map(current.map((c, i) => [c.id!, keys[i]]));
    const result = await this._model.track(
      scanCells(panel.context.path, changed)
    );
    if (result && (all || moved)) {
      this._model.setResult(result);
    } else if (result) {
      this._model.mergeCells(result);
    }
  }

  private _tracker: INotebookTracker;
  private _model: FindingsModel;
  private _panel: NotebookPanel | null = null;
  private _seen = new Map<string, string>();
  private _order = '';
  private _timer = 0;
}
