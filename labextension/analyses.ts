/** The analyses view's state: the active kernel's models and their audits, loading flag, error. */
import { Kernel } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { fetchInventory } from './kernel';
import { IInventory, IModelAudits } from './types';

/** A short line linking a mitigated model to its original, or '' for any other model. */
export function mitigationNote(m: IModelAudits): string {
  const link = m.mitigated_from;
  if (!link) {
    return '';
  }
  const how = [link.method, link.constraint].filter(Boolean).join(', ');
  return `mitigated from ${link.model}${how ? ` (${how})` : ''}`;
}

export const NO_KERNEL = 'No kernel: open a notebook and start its kernel.';
export const NO_MODELS =
  'No fitted model (an object with predict or predict_proba) in the kernel yet.';

/** Asks a kernel for its inventory (kernel.ts fetchInventory; tests pass their own). */
export type InventoryFetcher = (
  kernel: Kernel.IKernelConnection
) => Promise<IInventory>;

/** Holds what the Analyses section shows; refreshes on demand, keeps only the latest answer. */
export class AnalysesModel {
  constructor(fetcher: InventoryFetcher = fetchInventory) {
    this._fetch = fetcher;
  }

  /** Emitted whenever anything the view shows changes. */
  get stateChanged(): ISignal<this, void> {
    return this._stateChanged;
  }

  /** The kernel asked, or null when the active notebook has none. */
  get kernel(): Kernel.IKernelConnection | null {
    return this._kernel;
  }

  /** Whether a request is in flight (the view shows a spinner). */
  get loading(): boolean {
    return this._pending > 0;
  }

  /** Why the last request failed, if it did. */
  get error(): string | null {
    return this._error;
  }

  /** The models of the last answer (empty before the first one). */
  get models(): readonly IModelAudits[] {
    return this._models;
  }

  /** What to say instead of a table (no kernel, no model), or null when there is a table. */
  get message(): string | null {
    if (!this._kernel) {
      return NO_KERNEL;
    }
    if (this._error) {
      return this._error;
    }
    return this._answered && !this._models.length ? NO_MODELS : null;
  }

  /** Follow another kernel (or none); what the previous one said is dropped. */
  setKernel(kernel: Kernel.IKernelConnection | null): Promise<void> {
    if (kernel !== this._kernel) {
      this._kernel = kernel;
      this._models = [];
      this._error = null;
      this._answered = false;
      this._request++;
    }
    return this.refresh();
  }

  /** Ask the kernel again; an answer that arrives after a newer request is dropped. */
  async refresh(): Promise<void> {
    const kernel = this._kernel;
    if (!kernel) {
      this._emit();
      return;
    }
    const request = ++this._request;
    this._pending++;
    this._emit();
    try {
      const inventory = await this._fetch(kernel);
      if (request === this._request) {
        this._models = inventory.models;
        this._error = null;
        this._answered = true;
      }
    } catch (reason) {
      if (request === this._request) {
        this._error = reason instanceof Error ? reason.message : String(reason);
        this._models = [];
      }
    } finally {
      this._pending--;
      this._emit();
    }
  }

  private _emit(): void {
    this._stateChanged.emit();
  }

  private _fetch: InventoryFetcher;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _models: IModelAudits[] = [];
  private _error: string | null = null;
  private _answered = false;
  private _pending = 0;
  private _request = 0;
  private _stateChanged = new Signal<this, void>(this);
}
