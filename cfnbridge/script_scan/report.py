"""What the scan found, as gaps at their line inside the template, with what to use instead.

Severities follow the scale (``cfnbridge/severity.py``). A call that fails as written is an
**error**: the AWS CLI, boto3 or a PowerShell cmdlet without an endpoint of its own reaches
AWS with credentials the server does not have on OpenStack (Nova has no instance roles), an
operation OpenStack's EC2 API does not accept fails wherever it is sent, an EFS name does not
resolve, and AWS credentials read from the metadata service are not there: whatever the
script was configuring is not configured. A call that can work is a **warning**: one that
names its own ``--endpoint-url`` (the site's EC2 or S3-compatible API), a download from an
``*.amazonaws.com`` URL (works with internet access), an IMDSv2 token or a metadata entry Nova
does not serve (the script runs on with an empty value). Helper tools take theirs from the
table. The same call at several places is one message, which the reports group with its lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cfnbridge.errors import Location
from cfnbridge.gap_codes import (
    SCRIPT_AWS_CALL,
    SCRIPT_AWS_CALL_ENDPOINT,
    SCRIPT_AWS_ENDPOINT,
    SCRIPT_AWS_TOOL,
    SCRIPT_AWS_TOOL_FAILS,
    SCRIPT_AWS_TOOL_HARMLESS,
    SCRIPT_CREDENTIALS,
    SCRIPT_EFS_MOUNT,
    SCRIPT_METADATA,
)
from cfnbridge.script_scan import table
from cfnbridge.script_scan.collect import Script, scripts
from cfnbridge.script_scan.positions import SourceText, origins
from cfnbridge.script_scan.shell import Finding, scan

if TYPE_CHECKING:
    from cfnbridge.template import Template
    from cfnbridge.translation.engine import Translator

_METADATA_HOSTS = ("169.254.169.254", "instance-data", "fd00:ec2")
_TOOL_CODES = {"error": SCRIPT_AWS_TOOL_FAILS, "warning": SCRIPT_AWS_TOOL, "info": SCRIPT_AWS_TOOL_HARMLESS}
_NO_CREDENTIALS = "with credentials the server does not have on OpenStack (there are no instance roles)"
_GENERIC_USE = "the OpenStack service's own API or CLI (openstack catalog list shows the site's services)"


def report_script_calls(translator: Translator) -> None:
    """Scan every script a server runs and report each AWS-specific call as a gap at its line."""
    template = translator.template
    source: SourceText | None = None
    for script in scripts(template):
        served = table.served_metadata() if any(host in script.text for host in _METADATA_HOSTS) else ()
        for finding in scan(script.text, served):
            described = describe(finding)
            if described is None or translated_mount(template, finding):
                continue
            code, message, hint = described
            if source is None:
                source = SourceText(template.source_text)
            translator.gap(code, script.path, script.resource, message, hint,
                           location=locate(script, finding.start, source, template.filename))


def translated_mount(template: Template, finding: Finding) -> bool:
    """An EFS mount of a file system of this template (``${Files}.efs...``): the translation points
    it at the Manila share the file system became, and says so there."""
    if finding.service != "efs":
        return False
    label = re.match(r"\$\{([\w:]+)\}\.efs\.", finding.detail or "")
    resource = template.resources.get(label.group(1)) if label else None
    return resource is not None and resource.type == "AWS::EFS::FileSystem"


def locate(script: Script, offset: int, source: SourceText, file: str) -> Location:
    """The 1-based file position of ``script.text[offset]``: its piece's scalar, read again."""
    found = script.piece_at(offset)
    if found is None:
        line, column = script.pieces[0][2] if script.pieces else (0, 0)
        return Location(file, line + 1, column + 1)
    piece, (line, column), inner = found
    mapped = origins(source, line, column, piece)
    if inner < len(mapped):
        line, column = source.position(mapped[inner])
    return Location(file, line + 1, column + 1)


def describe(finding: Finding) -> tuple[str, str, str] | None:
    """(code, message, hint) for one finding, or None when it is harmless."""
    if finding.kind in ("cli", "sdk", "cmdlet"):
        return _call(finding)
    if finding.kind == "endpoint":
        return _endpoint(finding)
    if finding.kind == "metadata":
        return _metadata(finding)
    entry = table.tool(finding.detail)
    if entry is None:
        return (SCRIPT_AWS_TOOL,
                f"`{finding.word}` is one of AWS's CloudFormation helper scripts; stock cloud images do not have it",
                "replace the call, or use an image with heat-cfntools")
    return _TOOL_CODES[entry["severity"]], entry["message"], entry["hint"]


def _call(finding: Finding) -> tuple[str, str, str] | None:
    service, operation = finding.service, finding.operation
    if finding.kind == "cmdlet":
        service = table.powershell_service(finding.detail) or ""
        if not service:
            return None  # a cmdlet of another module (Get-CIMInstance)
        spelt = f"the AWS Tools for PowerShell cmdlet `{finding.word}`"
    elif finding.kind == "sdk":
        spelt = f"`{finding.word}(…)`" if operation else f"a boto3 client for {service} (`{finding.word}`)"
    else:
        spelt = f"`aws {service}{' ' + operation if operation else ''}`"
    if service == "ec2" and operation:
        api = table.api_name(operation)
        native = table.ec2_equivalent(api)
        instead = f"`{native}`" if native else "the native openstack CLI (openstack server …, openstack port …)"
        if not table.ec2_accepted(api):
            return (SCRIPT_AWS_CALL, f"the script calls {spelt}: OpenStack's EC2 API does not accept "
                    f"{api}, so it fails wherever it is sent", f"use {instead}")
        if finding.endpoint:
            return (SCRIPT_AWS_CALL_ENDPOINT, f"the script calls {spelt} at its own --endpoint-url: OpenStack's "
                    f"EC2 API accepts {api} if that endpoint is the site's", f"or use {instead}")
        return (SCRIPT_AWS_CALL, f"the script calls {spelt} at AWS's endpoint, {_NO_CREDENTIALS}; "
                f"OpenStack's EC2 API accepts {api}",
                f"pass the site's EC2 API as --endpoint-url with EC2 credentials (openstack ec2 credentials "
                f"create), or use {instead}")
    use = table.service_use(service) or _GENERIC_USE
    if finding.endpoint:
        return (SCRIPT_AWS_CALL_ENDPOINT, f"the script calls {spelt} at its own --endpoint-url: it works only "
                f"if that endpoint is an AWS-compatible API the site runs", f"or use {use}")
    return SCRIPT_AWS_CALL, f"the script calls {spelt} at AWS, {_NO_CREDENTIALS}", f"use {use}"


def _endpoint(finding: Finding) -> tuple[str, str, str, str]:
    host = finding.detail
    if finding.service == "efs":
        return (SCRIPT_EFS_MOUNT, f"the script mounts the EFS file system `{host}`, a name that "
                "resolves only inside an AWS VPC: the mount fails",
                "create a Manila share (OS::Manila::Share) and mount its export path "
                "(openstack share export location list <share>)")
    if finding.service == "s3":
        return (SCRIPT_AWS_ENDPOINT, f"the script reaches S3 at `{host}`: it works only with internet "
                "access, and private objects need AWS credentials the server does not have",
                f"keep the objects in {table.service_use('s3')}")
    return (SCRIPT_AWS_ENDPOINT, f"the script reaches the AWS endpoint `{host}`: it works only with "
            "internet access and AWS credentials", f"use {_GENERIC_USE}")


def _metadata(finding: Finding) -> tuple[str, str, str, str]:
    kind = finding.detail
    if kind == "credentials":
        return (SCRIPT_CREDENTIALS, "the script reads AWS credentials from the metadata service "
                "(iam/security-credentials): Nova has no instance roles, so it gets none",
                "pass OpenStack application credentials to the server (a hidden parameter, or Barbican) and "
                "call the OpenStack APIs")
    if kind == "token":
        return (SCRIPT_METADATA, "the script asks the metadata service for an IMDSv2 session token "
                "(PUT /latest/api/token, X-aws-ec2-metadata-token): not every Nova release serves it",
                "read the metadata with plain GETs, which Nova answers, or from /openstack/latest/meta_data.json")
    entry = kind.partition(":")[2]
    return (SCRIPT_METADATA, f"the script reads `{entry}` from the metadata service, which Nova does "
            "not serve: it gets an error page instead of a value",
            "read /openstack/latest/meta_data.json or network_data.json, or pass the value in the user data")
