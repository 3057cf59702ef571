/** secure-check's JupyterLab plugins: the findings side panel and the MIME renderer. */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { SidePanel } from '@jupyterlab/ui-components';
import { AccordionPanel } from '@lumino/widgets';

import { AnalysesModel } from './analyses';

import { addCommands } from './commands';
import { LiveScanner } from './live';
import { FindingsModel } from './model';
import { ISecureCheck, MIME_TYPES, PANEL_ID, PLUGIN_ID } from './tokens';
import { DEFAULT_SETTINGS, ISettings } from './types';
import { shieldIcon, shieldWithCount } from './widgets/icons';
import { AnalysesView } from './widgets/analyses';
import { SecureCheckRenderer } from './widgets/mime';
import { FindingsView } from './widgets/panel';
import { ShieldExtension } from './widgets/shield';

/** Other extensions require ISecureCheck from this package's main module. */
export { ISecureCheck } from './tokens';

/**
 * The side panel, live scanning, the toolbar shield and the commands; provides
 * ISecureCheck so that other extensions can follow the findings and rescan.
 */
const panelPlugin: JupyterFrontEndPlugin<ISecureCheck> = {
  id: PLUGIN_ID,
  description:
    'Findings of the active notebook (secrets, PII) in a side panel, kept live.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ILayoutRestorer, ISettingRegistry],
  provides: ISecureCheck,
  /**
   * Build the model, the live scanner, the panel and the commands.
   *
   * @param app - the application
   * @param tracker - the notebook tracker (the active notebook is followed)
   * @param palette - where the commands are listed
   * @param restorer - restores the panel across reloads
   * @param settings - the user settings (thresholds, auto-scan)
   * @returns the model and a rescan, for other extensions
   */
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    settings: ISettingRegistry | null
  ): ISecureCheck => {
    const model = new FindingsModel();
    const live = new LiveScanner(tracker, model);
    const analyses = new AnalysesModel();
    const panel = createPanel(model, app, analyses);
    followKernel(tracker, analyses);
    app.shell.add(panel, 'right', { rank: 600 });
    restorer?.add(panel, PANEL_ID);
    app.docRegistry.addWidgetExtension(
      'Notebook',
      new ShieldExtension(model, app.commands)
    );
    for (const command of addCommands(app, model, live)) {
      palette?.addItem({ command, category: 'secure-check' });
    }
    if (settings) {
      followSettings(settings, model);
    }
    return { model, scan: () => live.scanAll() };
  }
};

/** The right side panel: the findings view, a shield icon with the count as its badge. */
function createPanel(
  model: FindingsModel,
  app: JupyterFrontEnd,
  analyses: AnalysesModel
): SidePanel {
  const panel = new SidePanel();
  panel.id = PANEL_ID;
  panel.title.icon = shieldIcon;
  panel.title.caption = 'secure-check';
  panel.addClass('jp-SecureCheck-SidePanel');
  const findings = new FindingsView(model, app.commands);
  findings.title.label = 'Findings';
  panel.addWidget(findings);
  panel.addWidget(new AnalysesView(analyses));
  if (panel.content instanceof AccordionPanel) {
    panel.content.setRelativeSizes([3, 1]);
  }
  model.stateChanged.connect(() => {
    const count = model.path ? model.count : 0;
    panel.title.icon = shieldWithCount(count);
    panel.title.caption = `secure-check: ${count || 'no'} open findings`;
  });
  return panel;
}

/** Point the Analyses section at the active notebook's kernel; refresh after cells run. */
function followKernel(tracker: INotebookTracker, analyses: AnalysesModel) {
  const follow = () => {
    const session = tracker.currentWidget?.sessionContext.session;
    void analyses.setKernel(session?.kernel ?? null);
  };
  tracker.widgetAdded.connect((_, notebook) =>
    notebook.sessionContext.kernelChanged.connect(() => {
      if (tracker.currentWidget === notebook) {
        follow();
      }
    })
  );
  tracker.currentChanged.connect(follow);
  let timer: ReturnType<typeof setTimeout> | undefined;
  NotebookActions.executed.connect((_, { notebook }) => {
    if (tracker.currentWidget?.content !== notebook) {
      return;
    }
    // NOTE: Run All executes many cells; ask once they settle.
    clearTimeout(timer);
    timer = setTimeout(() => void analyses.refresh(), 500);
  });
}

/** Keep the model's settings in step with the user's (schema/plugin.json). */
function followSettings(
  registry: ISettingRegistry,
  model: FindingsModel
): void {
  registry
    .load(PLUGIN_ID)
    .then(loaded => {
      const apply = () => {
        model.settings = {
          ...DEFAULT_SETTINGS,
          ...(loaded.composite as Partial<ISettings>)
        };
      };
      apply();
      loaded.changed.connect(apply);
    })
    .catch(reason =>
      console.error('secure-check: settings failed to load', reason)
    );
}

/**
 * Render the magics' application/vnd.secure-check.*+json outputs as tables; they stay
 * rendered from the saved notebook after the kernel stops.
 */
const mimePlugin: JupyterFrontEndPlugin<void> = {
  id: 'secure-check:mime',
  description:
    'Tables for secure-check findings, fairness, explanation and robustness outputs.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  /**
   * Register the renderer factory.
   *
   * @param app - the application
   * @param rendermime - the registry the factory joins
   */
  activate: (app: JupyterFrontEnd, rendermime: IRenderMimeRegistry) => {
    rendermime.addFactory(
      {
        safe: true,
        mimeTypes: MIME_TYPES,
        defaultRank: 20,
        createRenderer: options => new SecureCheckRenderer(options)
      },
      // NOTE: below text/html's 50, so Lab prefers the table; other frontends keep the HTML.
      20
    );
  }
};

export default [panelPlugin, mimePlugin];
