/** The side panel's Analyses section: model x audit, each cell a status badge. */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import * as React from 'react';

import { AnalysesModel, mitigationNote } from '../analyses';
import { AUDITS, IModelAudits } from '../types';

/** The React widget shown as the panel's second (collapsible) section. */
export class AnalysesView extends ReactWidget {
  constructor(model: AnalysesModel) {
    super();
    this._model = model;
    this.addClass('jp-SecureCheck-Analyses');
    this.title.label = 'Analyses';
    this.title.caption = 'Audits of the models the kernel holds';
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.stateChanged}>
        {() => <Analyses model={this._model} />}
      </UseSignal>
    );
  }

  private _model: AnalysesModel;
}

function Analyses({ model }: { model: AnalysesModel }): JSX.Element {
  const message = model.message;
  return (
    <div className="jp-SecureCheck-Body">
      <div className="jp-SecureCheck-Header">
        <span className="jp-SecureCheck-Title">Models and their audits</span>
        {model.loading && (
          <span
            className="jp-SecureCheck-Spinner"
            role="status"
            aria-label="loading analyses"
          />
        )}
        <button
          className="jp-SecureCheck-Button"
          disabled={!model.kernel}
          onClick={() => void model.refresh()}
        >
          Refresh
        </button>
      </div>
      {message ? (
        <p
          className={
            model.error ? 'jp-SecureCheck-Error' : 'jp-SecureCheck-Empty'
          }
          role={model.error ? 'alert' : undefined}
        >
          {message}
        </p>
      ) : (
        model.models.length > 0 && <AuditTable models={model.models} />
      )}
    </div>
  );
}

function AuditTable({
  models
}: {
  models: readonly IModelAudits[];
}): JSX.Element {
  return (
    <table className="jp-SecureCheck-AuditTable" aria-label="analyses">
      <thead>
        <tr>
          <th>model</th>
          {AUDITS.map(a => (
            <th key={a}>{a}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {models.map(m => (
          <tr key={m.name}>
            <td title={`${m.type} ${m.digest}`}>
              <code>{m.name}</code>
              {mitigationNote(m) && (
                <div className="jp-SecureCheck-Mitigated">
                  {mitigationNote(m)}
                </div>
              )}
            </td>
            {AUDITS.map(a => {
              const audit = m.audits[a];
              const status = audit?.status ?? 'missing';
              const when = audit?.when ? `, ${audit.when}` : '';
              const seq = audit?.seq ?? null;
              return (
                <td key={a}>
                  <span
                    className={`jp-SecureCheck-Status jp-mod-${status}`}
                    title={seq === null ? status : `audit log #${seq}${when}`}
                  >
                    {status}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
