/** The commands behind every panel action, also listed in the command palette. */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, showErrorMessage } from '@jupyterlab/apputils';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import * as api from './api';
import { LiveScanner } from './live';
import { FindingsModel } from './model';
import { CommandIDs, PANEL_ID } from './tokens';
import { IFinding, ReportFormat } from './types';

const FLASH_CLASS = 'jp-SecureCheck-flash';
const MSG_CONFLICT =
  'Nothing was changed: the notebook on disk is not the version this panel scanned ' +
  '(reload it from disk, then try again). ';

/** Register every secure-check command; returns the ids for the palette. */
export function addCommands(
  app: JupyterFrontEnd,
  model: FindingsModel,
  live: LiveScanner
): string[] {
  const ctx: IContext = { app, model, live };
  addNotebookCommands(ctx);
  addFindingCommands(ctx);
  return Object.values(CommandIDs);
}

interface IContext {
  app: JupyterFrontEnd;
  model: FindingsModel;
  live: LiveScanner;
}

/** The finding a command acts on: the one passed, else the one last clicked. */
function pick(ctx: IContext, args: ReadonlyPartialJSONObject): IFinding | null {
  return (
    (args.finding as unknown as IFinding | undefined) ?? ctx.model.selected
  );
}

function addNotebookCommands(ctx: IContext): void {
  const { app, model, live } = ctx;
  const hasNotebook = () => !!live.panel;
  app.commands.addCommand(CommandIDs.openPanel, {
    label: 'secure-check: Show Findings Panel',
    execute: () => app.shell.activateById(PANEL_ID)
  });
  app.commands.addCommand(CommandIDs.scanAll, {
    label: 'secure-check: Re-scan Notebook',
    isEnabled: hasNotebook,
    execute: () => live.scanAll()
  });
  const reports: [string, ReportFormat, string][] = [
    [CommandIDs.reportHtml, 'html', 'HTML'],
    [CommandIDs.reportSarif, 'sarif', 'SARIF']
  ];
  for (const [id, format, label] of reports) {
    app.commands.addCommand(id, {
      label: `secure-check: Download ${label} Report`,
      isEnabled: hasNotebook,
      execute: () => downloadReport(model, live, format)
    });
  }
}

function addFindingCommands(ctx: IContext): void {
  const { app, model, live } = ctx;
  const hasFinding = (args: ReadonlyPartialJSONObject) =>
    !!pick(ctx, args) && !!live.panel;
  app.commands.addCommand(CommandIDs.reveal, {
    label: 'secure-check: Go to Finding',
    isEnabled: hasFinding,
    execute: args => reveal(app, live, pick(ctx, args)!)
  });
  app.commands.addCommand(CommandIDs.redact, {
    label: 'secure-check: Replace Secret by os.environ[…]',
    isEnabled: args => hasFinding(args) && pick(ctx, args)!.where === 'source',
    execute: args =>
      editOnDisk(model, live, seen => api.redact(pick(ctx, args)!, seen))
  });
  app.commands.addCommand(CommandIDs.clearOutputs, {
    label: 'secure-check: Clear Outputs of Finding’s Cell',
    isEnabled: hasFinding,
    execute: args => {
      const { path, cell_index } = pick(ctx, args)!;
      return editOnDisk(model, live, seen =>
        api.clearOutput(path, cell_index, seen)
      );
    }
  });
  app.commands.addCommand(CommandIDs.accept, {
    label: 'secure-check: Accept Finding with a Reason…',
    isEnabled: hasFinding,
    execute: args => acceptFinding(model, pick(ctx, args)!)
  });
}

/** Activate the notebook, select and scroll to the cell, put the cursor on the line. */
async function reveal(
  app: JupyterFrontEnd,
  live: LiveScanner,
  finding: IFinding
) {
  const panel = live.panel;
  if (!panel || finding.cell_index === null) {
    return;
  }
  app.shell.activateById(panel.id);
  const notebook = panel.content;
  notebook.activeCellIndex = finding.cell_index;
  const cell = notebook.widgets[finding.cell_index];
  if (!cell) {
    return;
  }
  await notebook.scrollToCell(cell, 'center');
  if (finding.where === 'source' && cell.editor) {
    const line = Math.max(0, finding.line - 1);
    const lineText = cell.model.sharedModel.getSource().split('\n')[line] ?? '';
    cell.editor.setSelection({
      start: { line, column: 0 },
      end: { line, column: lineText.length }
    });
  }
  cell.node.classList.add(FLASH_CLASS);
  window.setTimeout(() => cell.node.classList.remove(FLASH_CLASS), 1500);
}

/** Save, let the server edit the file on disk, reload the notebook, refresh the findings. */
async function editOnDisk(
  model: FindingsModel,
  live: LiveScanner,
  edit: (lastModified: string) => Promise<unknown>
): Promise<void> {
  const panel = live.panel;
  if (!panel) {
    return;
  }
  if (panel.context.model.dirty) {
    await panel.context.save();
  }
  // NOTE: the version this document holds; the server refuses (409) if the file moved on
  const seen = panel.context.contentsModel?.last_modified ?? '';
  let conflict = false;
  const done = await model.track(
    edit(seen).catch(reason => {
      conflict = api.isConflict(reason);
      throw reason;
    })
  );
  if (done === undefined) {
    if (conflict) {
      await live.scanAll();
    }
    const why = model.error ?? 'the edit failed';
    await showErrorMessage('secure-check', conflict ? MSG_CONFLICT + why : why);
    return;
  }
  await panel.context.revert();
  await live.scanAll();
}

async function acceptFinding(
  model: FindingsModel,
  finding: IFinding
): Promise<void> {
  const answer = await InputDialog.getText({
    title: `Accept ${finding.rule} (${finding.preview})`,
    label: 'Reason (kept in .secure-check/baseline.json)',
    placeholder: 'e.g. revoked test key'
  });
  const reason = answer.value?.trim();
  if (!answer.button.accept || !reason) {
    return;
  }
  if ((await model.track(api.accept(finding, reason))) !== undefined) {
    model.markAccepted(finding);
  }
}

async function downloadReport(
  model: FindingsModel,
  live: LiveScanner,
  format: ReportFormat
) {
  const panel = live.panel;
  if (!panel) {
    return;
  }
  if (panel.context.model.dirty) {
    await panel.context.save();
  }
  const file = await model.track(api.report(panel.context.path, format));
  if (file === undefined) {
    return;
  }
  const url = URL.createObjectURL(
    new Blob([file.content], { type: file.media_type })
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
