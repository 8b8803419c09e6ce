"""The inside of a local Heat: API, CloudFormation-compatible API and engine in one process.

Run by :mod:`cfnbridge.testing.heat_server` as a child process. Everything a real Heat
needs besides its own code is replaced by the smallest thing that works on one machine:

- the message bus is oslo.messaging's in-memory ``fake://`` transport, so the engine must
  live in this process (``oslo_service.launch`` would fork it away from the bus);
- the database is one SQLite file. Two API threads and the engine's workers write to it
  at once, so every connection uses WAL, waits on a busy database (``busy_timeout``) and
  opens each transaction with ``BEGIN IMMEDIATE``; without these, stacks get stuck on
  "database is locked";
- Keystone is replaced by Heat's ``noauth`` middleware (every request is project
  ``admin``), for heat-api-cfn too, through a paste flavor written here;
- the cloud services are the no-op plugins of :mod:`cfnbridge.testing.heat_plugins`.

Once both APIs listen, one JSON line goes to stdout: ``{"api": PORT, "cfn": PORT}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

_PASTE = """\
[composite:heat-api]
use = egg:Paste#urlmap
/: api

[composite:heat-api-cfn]
use = egg:Paste#urlmap
/: api-cfn

[composite:api]
paste.composite_factory = heat.api:pipeline_factory
noauth = request_id faultwrap noauth context versionnegotiation apiv1app

[composite:api-cfn]
paste.composite_factory = heat.api:pipeline_factory
noauth = request_id cfnversionnegotiation noauth context apicfnv1app

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API

[app:apicfnv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.cfn.v1:API

[filter:versionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:version_negotiation_filter

[filter:cfnversionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.cfn:version_negotiation_filter

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

[filter:context]
paste.filter_factory = heat.common.context:ContextMiddleware_filter_factory

[filter:noauth]
paste.filter_factory = heat.common.noauth:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory
"""


class _ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (stdlib's name)
        logging.getLogger("cfnbridge.heat_server.http").debug(format, *args)


def _installed_etc() -> Path:
    from cfnbridge.testing._heat_offline import _installed_etc

    return _installed_etc()


def write_config(state: Path, plugin_dirs: list[str], api_port: int, cfn_port: int) -> Path:
    """heat.conf and the paste file for a local, Keystone-less Heat under ``state``."""
    etc = _installed_etc()
    (state / "api-paste.ini").write_text(_PASTE)
    database = (state / "heat.sqlite").as_posix()
    config = f"""\
[DEFAULT]
transport_url = fake://
deferred_auth_method = password
environment_dir = {etc / "environment.d"}
template_dir = {etc / "templates"}
plugin_dirs = {",".join(plugin_dirs)}
auth_encryption_key = {secrets.token_hex(16)}
heat_metadata_server_url = http://127.0.0.1:{cfn_port}
heat_waitcondition_server_url = http://127.0.0.1:{cfn_port}/v1/waitcondition
num_engine_workers = 1
periodic_interval = 3600
executor_thread_pool_size = 16
host = localheat

[clients_heat]
url = http://127.0.0.1:{api_port}/v1/%(tenant_id)s

[database]
connection = sqlite:///{database}

[paste_deploy]
flavor = noauth
api_paste_config = {state / "api-paste.ini"}

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false

[heat_api]
bind_host = 127.0.0.1

[noauth]
token_response = {state / "no-token.json"}
"""
    path = state / "heat.conf"
    path.write_text(config)
    return path


def _sqlite_for_many_writers() -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE on every SQLite connection of the process."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    # Before oslo.db's own listener, which would emit a plain BEGIN; it skips connections
    # whose transaction is already marked open.
    @event.listens_for(Engine, "begin", insert=True)
    def _begin(connection: Any) -> None:
        if connection.engine.dialect.name == "sqlite" and "in_transaction" not in connection.info:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.info["in_transaction"] = True


def _bind(port: int) -> _ThreadedServer:
    """Listen now (port 0 picks a free one), so the config can name the real ports."""
    return make_server("127.0.0.1", port, _not_ready, server_class=_ThreadedServer,  # type: ignore[return-value]
                       handler_class=_QuietHandler)


def _not_ready(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def _serve(server: _ThreadedServer, app: Any) -> None:
    server.set_app(app)
    threading.Thread(target=server.serve_forever, name=f"wsgi-{server.server_port}",
                     daemon=True).start()


def run(state: Path, plugin_dirs: list[str], api_port: int, cfn_port: int, verbose: bool) -> None:
    """Configure, migrate, start the engine and both APIs; return when they serve."""
    import warnings

    warnings.simplefilter("ignore")  # eventlet and oslo deprecation chatter on import
    from oslo_service import backend

    backend.init_backend(backend.BackendType.THREADING)
    from oslo_config import cfg
    from oslo_log import log as oslo_logging

    api, cfn = _bind(api_port), _bind(cfn_port)
    conf_file = write_config(state, plugin_dirs, api.server_port, cfn.server_port)
    oslo_logging.register_options(cfg.CONF)
    cfg.CONF(["--config-file", str(conf_file)], project="heat", prog="heat-api",
             default_config_files=[])
    cfg.CONF.set_override("log_file", str(state / "heat.log"))
    cfg.CONF.set_override("debug", verbose)
    oslo_logging.setup(cfg.CONF, "heat")

    from heat.common import (
        config,
        crypt,  # noqa: F401  (registers the options startup checks)
        messaging,
    )

    config.set_config_defaults()
    messaging.setup()
    config.startup_sanity_check()

    from heat.db import migration

    migration.db_sync()  # alembic holds two connections at once: before BEGIN IMMEDIATE
    _sqlite_for_many_writers()

    from heat.engine import service as engine_service
    from heat.rpc import api as rpc_api

    engine = engine_service.EngineService(cfg.CONF.host, rpc_api.ENGINE_TOPIC)
    engine.start()
    _serve(api, config.load_paste_app("heat-api"))
    _serve(cfn, config.load_paste_app("heat-api-cfn"))
    print(json.dumps({"api": api.server_port, "cfn": cfn.server_port, "pid": os.getpid()}),
          flush=True)


def _exit_with_parent(parent: int) -> None:
    """A test run killed hard cannot stop us; notice that our parent is gone and leave."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local OpenStack Heat for tests.")
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--plugin-dir", action="append", default=[])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cfn-port", type=int, default=0)
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.parent_pid:
        threading.Thread(target=_exit_with_parent, args=(args.parent_pid,), daemon=True).start()
    args.state_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run(args.state_dir, args.plugin_dir, args.port, args.cfn_port, args.verbose)
    stop.wait()
    # The engine's threads do not all stop on request; leave without waiting for them.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
