"""JupyterLab for the UI tests: token auth on, an isolated root, settings and workspace dirs."""

import os

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (injected by traitlets)

state = os.environ["SC_UI_STATE"]
c.ServerApp.root_dir = os.environ["SC_UI_ROOT"]
c.ServerApp.port = int(os.environ.get("SC_UI_PORT", "8897"))
c.ServerApp.port_retries = 0
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True
c.IdentityProvider.token = os.environ["SC_UI_TOKEN"]
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.workspaces_dir = os.path.join(state, "workspaces")
c.LabApp.user_settings_dir = os.path.join(state, "settings")
