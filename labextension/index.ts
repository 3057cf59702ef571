import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'secure-check:plugin',
  description: 'secure-check side panel',
  autoStart: true,
  activate: (app: JupyterFrontEnd) => {
    void app;
  }
};

export default plugin;
