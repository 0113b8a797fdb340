# JupyterHub for a career centre: one account per client and per counselor, each account's
# workbook in that account's own home, nobody able to read anybody else's.
#
# Use it as it is on one server (`jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`, as
# root: PAM sign-in and one process per user running as that user), or drop it into The
# Littlest JupyterHub's /opt/tljh/config/jupyterhub_config.d/ (it then leaves TLJH's own
# sign-in, spawner and idle culler alone). README.md beside this file says how, and what a
# centre has to decide for itself. Every setting a centre may want to change is an
# environment variable read below, so this file never needs editing.
import grp
import os
import pwd
import stat
import sys
from pathlib import Path

c = get_config()  # noqa: F821

# The Python environment the users' servers run in: it holds the workbook, Voila, JupyterLab
# and jupyterhub-singleuser. The same as the hub's own here; TLJH keeps users in /opt/tljh/user.
TLJH = sys.prefix.startswith("/opt/tljh/")
USER_ENV = Path(os.environ.get("WORKBOOK_HUB_USER_ENV",
                               "/opt/tljh/user" if TLJH else sys.prefix))
# The notebooks, read-only for users, linked into every home as ~/workbook.
NOTEBOOKS = Path(os.environ.get("WORKBOOK_HUB_NOTEBOOKS",
                                USER_ENV / "share" / "workbook" / "notebooks"))
# The hub's own state (user list, cookie secret): root only.
STATE = Path(os.environ.get("WORKBOOK_HUB_STATE", "/srv/workbook-hub"))
# Who may sign in: members of this Unix group; counselors are also in the second one and
# land in JupyterLab instead of the code-free app.
CLIENTS_GROUP = os.environ.get("WORKBOOK_HUB_GROUP", "workbook")
COUNSELORS_GROUP = os.environ.get("WORKBOOK_HUB_COUNSELORS", "workbook-counselors")
# A server nobody has used for this long is stopped (its data stays on disk).
IDLE_SECONDS = int(os.environ.get("WORKBOOK_HUB_IDLE_SECONDS", "3600"))

# Where each person lands: the start page as a Voila app, where no code is ever shown.
# JupyterLab stays one address away (/user/NAME/lab) for those who want it.
VOILA_START = "/voila/render/workbook/00_start_here.ipynb"
LAB_START = "/lab/tree/workbook/00_start_here.ipynb"


def workbook_home(home: str) -> str:
    """Where a user's workbook lives: a hidden folder in their own home."""
    return os.path.join(home, ".workbook")


def in_group(entry: pwd.struct_passwd, group: str) -> bool:
    """Whether the system user ``entry`` belongs to ``group`` (primary or supplementary)."""
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        return False
    return gid in os.getgrouplist(entry.pw_name, entry.pw_gid)


def prepare_home(spawner) -> None:
    """Before each start: the home is private (0700), the notebooks are linked in, and the
    person lands on the start page (counselors in JupyterLab, everyone else in Voila).

    Runs as root inside a folder the user owns, so it only ever touches the home folder itself
    and creates one symlink; it never follows anything the user could have put there.
    """
    try:
        entry = pwd.getpwnam(spawner.user.name)
    except KeyError:
        return  # TLJH creates the system user during its first start; fixed on the next one
    spawner.default_url = LAB_START if in_group(entry, COUNSELORS_GROUP) else VOILA_START
    home = Path(entry.pw_dir)
    if not home.exists():
        home.mkdir(mode=0o700, parents=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    info = home.lstat()
    if stat.S_ISDIR(info.st_mode) and info.st_mode & 0o077:
        # useradd on Debian makes homes 0755 (UMASK 022): others could list and read them
        os.chmod(home, stat.S_IMODE(info.st_mode) & 0o700)
    link = home / "workbook"
    if NOTEBOOKS.is_dir() and not os.path.lexists(link):
        os.symlink(NOTEBOOKS, link)


c.Spawner.pre_spawn_hook = prepare_home
c.Spawner.environment = {
    "WORKBOOK_HOME": lambda spawner: workbook_home(pwd.getpwnam(spawner.user.name).pw_dir),
    # homes are kept here, unlike on Binder: no "everything is erased" notice
    "WORKBOOK_KEEPS_DATA": "1",
}
c.Spawner.default_url = VOILA_START
# A loaded machine can take a while to start the first server of the morning.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# Hub administrators manage accounts; they can never open a user's server or its files.
# Users cannot share their servers with each other either (sharing needs the `shares` scope,
# which no role here grants).
c.JupyterHub.admin_access = False

if not TLJH:
    c.JupyterHub.bind_url = os.environ.get("WORKBOOK_HUB_BIND_URL", "http://127.0.0.1:8000")
    STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
    c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
    proxy = os.environ.get("WORKBOOK_HUB_PROXY")
    if proxy:
        c.ConfigurableHTTPProxy.command = [proxy]

    # Sign in with the machine's own accounts (PAM); only the centre's group gets in.
    c.JupyterHub.authenticator_class = "pam"
    c.LocalAuthenticator.allowed_groups = {CLIENTS_GROUP}
    # One process per user, run as that user: the operating system keeps homes apart.
    c.JupyterHub.spawner_class = "localprocess"
    singleuser = str(USER_ENV / "bin" / "jupyterhub-singleuser")
    # umask 077: files made in JupyterLab (and by kernels) are private too, like the
    # workbook's own (0600 in 0700 folders).
    c.Spawner.cmd = ["/bin/sh", "-c", 'umask 077 && exec "$0" "$@"', singleuser]
    # A hub restart (an upgrade, a config change) leaves people's servers running.
    c.JupyterHub.cleanup_servers = False

    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={IDLE_SECONDS}"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]
