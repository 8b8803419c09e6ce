"""Fixtures shared by the integration tests: a moto server (a local CloudFormation) and,
for Heat, a local Heat started by ``cfnbridge.testing.heat_server``."""

from __future__ import annotations

import logging
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import moto_compat
import pytest
from moto.server import ThreadedMotoServer

from cfnbridge.testing.heat_server import heat_server

REGION = "us-east-1"


@pytest.fixture(scope="module")
def moto_url() -> Any:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with moto_compat.installed():
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture(scope="module")
def inspect(moto_url: str) -> SimpleNamespace:
    """boto3 clients for the tests' own look into moto; made once (loading models is slow)."""
    session = boto3.session.Session(region_name=REGION, aws_access_key_id="testing",
                                    aws_secret_access_key="testing")
    return SimpleNamespace(**{name: session.client(name, endpoint_url=moto_url)
                              for name in ("cloudformation", "ec2", "s3")})


@pytest.fixture
def aws(moto_url: str, inspect: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SimpleNamespace:
    """A fresh moto account, dummy credentials, and boto3 clients to inspect it."""
    moto_compat.settle()
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    urllib.request.urlopen(request).close()
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    return SimpleNamespace(url=moto_url, cfn=inspect.cloudformation, ec2=inspect.ec2,
                           s3=inspect.s3, tmp=tmp_path)


@pytest.fixture(scope="session")
def heat_service(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with heat_server(tmp_path_factory.mktemp("heat")) as server:
        yield server
    assert server.process.poll() is not None  # nothing left running


@pytest.fixture
def heat(heat_service: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SimpleNamespace:
    """The module's Heat as cloud ``local-heat`` of a clouds.yaml, and a heatclient on it."""
    from heatclient import client

    clouds = heat_service.write_clouds_yaml(tmp_path / "clouds.yaml")
    for name in ("OS_CLOUD", "OS_AUTH_URL", "OS_AUTH_TYPE", "OS_TOKEN", "OS_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "heat")  # heat-api-cfn with noauth ignores them
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "heat")
    hc = client.Client("1", endpoint=heat_service.endpoint, token="unused")
    return SimpleNamespace(server=heat_service, hc=hc, tmp=tmp_path)
