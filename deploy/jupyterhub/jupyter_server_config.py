# Settings for every user's server on the hub. Goes into the users' Python environment as
# ENV/etc/jupyter/jupyter_server_config.py (`make hub-env` puts it there; README.md says where
# for TLJH and Zero to JupyterHub). Homes are the users' own, so nothing here lives in them.
c = get_config()  # noqa: F821

# A 20 MB file must upload through a FileUpload widget (tornado's default limit is 10 MiB).
c.ServerApp.tornado_settings = {"websocket_max_message_size": 100 * 1024 * 1024}
# JupyterLab makes no calls home (news, update checks): the workbook promises no network use.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# A kernel left behind by a closed tab (Voila's unload beacon is refused without an _xsrf
# token) is shut down after 15 idle minutes; one a page is still connected to never is.
# Whatever was typed is already kept as a draft, so nothing is lost either way.
c.MappingKernelManager.cull_idle_timeout = 15 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
