/** The side panel's body: findings of the active notebook grouped by cell, filters and actions. */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { FindingsModel, ICellGroup, sameFinding } from '../model';
import { CommandIDs } from '../tokens';
import { IFinding, KINDS, Kind, Severity, kindOf } from '../types';

const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
const KIND_LABELS: Record<Kind, string> = {
  secret: 'secrets',
  pii: 'PII',
  analysis: 'analyses',
  dependency: 'dependencies'
};
/** What a scan checks, for the empty state. */
const CHECKED =
  'secrets and personal data in every cell source, output and metadata, and the findings of ' +
  'secure-check analyses (fairness, explain, robustness, deps) in the outputs';

/** The React widget shown inside the SidePanel. */
export class FindingsView extends ReactWidget {
  constructor(model: FindingsModel, commands: CommandRegistry) {
    super();
    this._model = model;
    this._commands = commands;
    this.addClass('jp-SecureCheck-Panel');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.stateChanged}>
        {() => <Findings model={this._model} commands={this._commands} />}
      </UseSignal>
    );
  }

  private _model: FindingsModel;
  private _commands: CommandRegistry;
}

interface IProps {
  model: FindingsModel;
  commands: CommandRegistry;
}

function Findings({ model, commands }: IProps): JSX.Element {
  if (!model.path) {
    return <p className="jp-SecureCheck-Empty">Open a notebook to check it.</p>;
  }
  const groups = model.groups;
  const onKey = (event: React.KeyboardEvent) => {
    const step =
      event.key === 'ArrowDown' || event.key === 'j'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'k'
          ? -1
          : 0;
    if (step) {
      event.preventDefault();
      model.step(step);
    } else if (event.key === 'Enter' && model.selected) {
      event.preventDefault();
      void commands.execute(CommandIDs.reveal, {
        finding: model.selected as unknown as Record<string, never>
      });
    }
  };
  return (
    <div
      className="jp-SecureCheck-Body"
      tabIndex={0}
      onKeyDown={onKey}
      aria-label="findings: arrow keys or j/k move, Enter goes to the cell"
    >
      <Header model={model} commands={commands} />
      <Filters model={model} />
      {model.error && (
        <p className="jp-SecureCheck-Error" role="alert">
          {model.error}
        </p>
      )}
      {groups.length === 0 && !model.scanning && !model.error && (
        <p className="jp-SecureCheck-Empty">
          {model.findings.length
            ? 'No findings pass the chosen filters.'
            : `No findings. Checked ${
                model.checked === null
                  ? 'the notebook'
                  : `${model.checked} cell(s)`
              } for ${CHECKED}.`}
        </p>
      )}
      {groups.map(group => (
        <CellGroup
          key={String(group.cellIndex)}
          group={group}
          model={model}
          commands={commands}
        />
      ))}
    </div>
  );
}

function Header({ model, commands }: IProps): JSX.Element {
  const run = (id: string) => () => void commands.execute(id);
  return (
    <div className="jp-SecureCheck-Header">
      <span
        className={`jp-SecureCheck-Count${model.count ? ' jp-mod-alert' : ''}`}
        aria-label="open findings"
      >
        {model.count}
      </span>
      <span className="jp-SecureCheck-Title">{model.path}</span>
      <span className="jp-SecureCheck-Kinds" aria-label="open findings by kind">
        {KINDS.map(k => (
          <span key={k} className="jp-SecureCheck-KindCount" data-kind={k}>
            {KIND_LABELS[k]} {model.countsByKind[k]}
          </span>
        ))}
      </span>
      {model.scanning && (
        <span
          className="jp-SecureCheck-Spinner"
          role="status"
          aria-label="scanning"
        />
      )}
      <button
        className="jp-SecureCheck-Button"
        onClick={run(CommandIDs.scanAll)}
      >
        Re-scan
      </button>
      <button
        className="jp-SecureCheck-Button"
        onClick={run(CommandIDs.reportHtml)}
      >
        HTML
      </button>
      <button
        className="jp-SecureCheck-Button"
        onClick={run(CommandIDs.reportSarif)}
      >
        SARIF
      </button>
    </div>
  );
}

function Filters({ model }: { model: FindingsModel }): JSX.Element {
  const chip = (label: string, off: boolean, onClick: () => void) => (
    <button
      key={label}
      className={`jp-SecureCheck-Chip${off ? '' : ' jp-mod-active'}`}
      aria-pressed={!off}
      onClick={onClick}
    >
      {label}
    </button>
  );
  return (
    <div className="jp-SecureCheck-Filters" role="group" aria-label="filters">
      {SEVERITIES.map(s =>
        chip(s, model.hiddenSeverities.has(s), () => model.toggleSeverity(s))
      )}
      {KINDS.map(k =>
        chip(KIND_LABELS[k], model.hiddenKinds.has(k), () =>
          model.toggleKind(k)
        )
      )}
      <label className="jp-SecureCheck-Accepted">
        <input
          type="checkbox"
          checked={model.settings.showAccepted}
          onChange={() =>
            (model.settings = {
              ...model.settings,
              showAccepted: !model.settings.showAccepted
            })
          }
        />
        accepted
      </label>
    </div>
  );
}

function CellGroup({ group, model, commands }: IProps & { group: ICellGroup }) {
  const title =
    group.cellIndex === null
      ? 'Notebook metadata'
      : `Cell ${group.cellIndex + 1}`;
  return (
    <section className="jp-SecureCheck-Cell" aria-label={title}>
      <h3 className="jp-SecureCheck-CellTitle">{title}</h3>
      <ul className="jp-SecureCheck-List">
        {group.findings.map(f => (
          <FindingRow
            key={`${f.where}:${f.line}:${f.column}:${f.fingerprint}`}
            finding={f}
            model={model}
            commands={commands}
          />
        ))}
      </ul>
    </section>
  );
}

function FindingRow({
  finding,
  model,
  commands
}: IProps & { finding: IFinding }) {
  const args = { finding: finding as unknown as Record<string, never> };
  const run = (id: string) => (event: React.MouseEvent) => {
    event.stopPropagation();
    model.selected = finding;
    void commands.execute(id, args);
  };
  const where =
    finding.where === 'source'
      ? `line ${finding.line}`
      : finding.where === 'output' && finding.output_index !== null
        ? `output ${finding.output_index + 1}`
        : finding.where;
  const label = `${finding.rule} ${finding.preview} ${where}`;
  const selected = !!model.selected && sameFinding(model.selected, finding);
  const advice = model.advice[finding.rule];
  const kind = kindOf(finding);
  const ref = React.useRef<HTMLLIElement>(null);
  React.useEffect(() => {
    if (selected) {
      ref.current?.scrollIntoView?.({ block: 'nearest' });
    }
  }, [selected]);
  return (
    <li
      ref={ref}
      data-kind={kind}
      className={`jp-SecureCheck-Finding${selected ? ' jp-mod-selected' : ''}${
        finding.accepted ? ' jp-mod-accepted' : ''
      }`}
    >
      <button
        className="jp-SecureCheck-Go"
        onClick={run(CommandIDs.reveal)}
        title={finding.message}
        aria-label={`Go to ${label}`}
      >
        <span className={`jp-SecureCheck-Severity jp-mod-${finding.severity}`}>
          {finding.severity}
        </span>
        <span className="jp-SecureCheck-Rule">{finding.rule}</span>
        <code className="jp-SecureCheck-Preview">{finding.preview}</code>
        <span className="jp-SecureCheck-Where">{where}</span>
      </button>
      <div className="jp-SecureCheck-Detail">
        <p className="jp-SecureCheck-Message">
          {finding.message || advice?.label || finding.rule}
        </p>
        {finding.context && (
          <code className="jp-SecureCheck-Context" title="the line, masked">
            {finding.context}
          </code>
        )}
        {advice && (
          <p className="jp-SecureCheck-Why">
            <b>Why it matters: </b>
            {advice.why}
          </p>
        )}
        {advice?.fix && (
          <p className="jp-SecureCheck-Fix">
            <b>How to fix: </b>
            {advice.fix}
          </p>
        )}
      </div>
      <span className="jp-SecureCheck-Actions">
        {finding.where === 'source' && finding.category === 'secret' && (
          <button
            onClick={run(CommandIDs.redact)}
            aria-label={`Redact ${label}`}
          >
            Redact
          </button>
        )}
        {finding.where === 'output' && (
          <button
            onClick={run(CommandIDs.clearOutputs)}
            aria-label={`Clear outputs ${label}`}
          >
            Clear
          </button>
        )}
        {!finding.accepted && (
          <button
            onClick={run(CommandIDs.accept)}
            aria-label={`Accept ${label}`}
          >
            Accept
          </button>
        )}
      </span>
    </li>
  );
}
