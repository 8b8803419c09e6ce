"""docs/compatibility.md is generated from resource_maps and must stay in sync with them."""

from __future__ import annotations

from click.testing import CliRunner

from cfnbridge.cli import cli
from cfnbridge.translation.matrix import render
from tests.conftest import REPO

CHECKED_IN = REPO / "docs" / "compatibility.md"


def test_checked_in_matrix_is_current() -> None:
    assert CHECKED_IN.read_text(encoding="utf-8") == render(), \
        "docs/compatibility.md is stale: run `cfnbridge matrix -o docs/compatibility.md`"


def test_matrix_rows() -> None:
    text = render()
    assert "| `AWS::RDS::DBInstance` | `OS::Trove::Instance` | `rds_instance` | yes |" in text
    assert "| `AWS::Lambda::Function` | — (omitted) |  |  |" in text
    assert "| `MultiAZ` | warning | Trove has no Multi-AZ standby" in text
    assert "| GetAtt `Endpoint.Port` | info |" in text


def test_render_is_deterministic() -> None:
    assert render() == render()


def test_cli_writes_the_matrix(tmp_path) -> None:
    out = tmp_path / "matrix.md"
    result = CliRunner().invoke(cli, ["matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render()
    printed = CliRunner().invoke(cli, ["matrix"])
    assert printed.output == render()
