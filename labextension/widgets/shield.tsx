/** The notebook toolbar shield: the open-findings count of this notebook; a click opens the panel. */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { IDisposable } from '@lumino/disposable';
import * as React from 'react';

import { FindingsModel } from '../model';
import { CommandIDs } from '../tokens';
import { shieldIcon } from './icons';

/** The count the shield of the notebook at ``path`` shows ('' when not the active one). */
export function shieldCount(model: FindingsModel, path: string): string {
  return model.path === path ? String(model.count) : '';
}

/** Adds a shield to every notebook's toolbar. */
export class ShieldExtension implements DocumentRegistry.IWidgetExtension<
  NotebookPanel,
  INotebookModel
> {
  constructor(model: FindingsModel, commands: CommandRegistry) {
    this._model = model;
    this._commands = commands;
  }

  createNew(panel: NotebookPanel): IDisposable {
    const model = this._model;
    const open = () => void this._commands.execute(CommandIDs.openPanel);
    const widget = ReactWidget.create(
      <UseSignal signal={model.stateChanged}>
        {() => {
          const count = shieldCount(model, panel.context.path);
          return (
            <button
              className={`jp-SecureCheck-Shield${count && count !== '0' ? ' jp-mod-alert' : ''}`}
              title="secure-check findings"
              aria-label={`secure-check findings: ${count || 'not scanned'}`}
              onClick={open}
            >
              <shieldIcon.react tag="span" />
              <span className="jp-SecureCheck-ShieldCount">{count}</span>
            </button>
          );
        }}
      </UseSignal>
    );
    panel.toolbar.insertItem(10, 'secure-check', widget);
    return widget;
  }

  private _model: FindingsModel;
  private _commands: CommandRegistry;
}
