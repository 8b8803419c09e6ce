"""One server's bootstrap: cfn-init and cfn-signal rewritten, delivered by cloud-init, waited for.

The user data keeps its order: each ``cfn-init`` call becomes a call of the translated
program (written to the server by a ``#cloud-config`` ``write_files`` entry) with the same
config sets, and each ``cfn-signal`` becomes a POST to a Heat wait condition handle with
the same exit status. Both travel as one MIME document (``OS::Heat::MultipartMime``),
passed to Nova as it is (``user_data_format: RAW``), so no heat-cfntools are needed.

A ``CreationPolicy`` becomes a handle plus an ``OS::Heat::WaitCondition`` (count and
timeout in seconds) that the resources depending on the server wait for, as they wait
for a signalled resource on AWS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import Location
from cfnbridge.gap_codes import (
    BOOTSTRAP,
    BOOTSTRAP_UNTRANSLATED,
    CFN_INIT_NOT_CALLED,
    SIGNAL_APPROXIMATED,
    SIGNAL_UNTRANSLATED,
    WAIT_HANDLE_SIGNAL,
)
from cfnbridge.references import all_references
from cfnbridge.script_scan.collect import scripts
from cfnbridge.script_scan.positions import SourceText
from cfnbridge.script_scan.report import locate
from cfnbridge.translation.bootstrap import cfn_init, user_data
from cfnbridge.translation.bootstrap.shell import quote

if TYPE_CHECKING:
    from cfnbridge.template import Template
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
PROGRAM_DIR = "/var/lib/cfnbridge/bootstrap"
MEMBER_SIGNAL = "@CFNBRIDGE_MEMBER_SIGNAL@"  # in a scaled unit's script: its own handle's curl command
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
_PSEUDO = frozenset({"AWS::StackName", "AWS::StackId"})


@dataclass(frozen=True)
class Signal:
    """A CreationPolicy's resource signal: how many, and how long to wait (seconds)."""

    count: Any
    timeout: int
    path: Path


def creation_signal(ctx: ResourceContext, resource: str) -> Signal | None:
    """The ResourceSignal of ``resource``'s CreationPolicy, if it waits for signals."""
    found = ctx.template.resources.get(resource)
    policy = found.creation_policy if found is not None else None
    if not isinstance(policy, dict) or not isinstance(policy.get("ResourceSignal"), dict):
        return None
    spec = policy["ResourceSignal"]
    path: Path = ("Resources", resource, "CreationPolicy", "ResourceSignal")
    timeout = ctx.static(spec.get("Timeout", "PT5M"))
    match = _DURATION.match(timeout) if isinstance(timeout, str) else None
    seconds = 300
    if match and any(match.groups()):
        hours, minutes, secs = (int(g or 0) for g in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    else:
        ctx.gap(SIGNAL_APPROXIMATED, f"the signal timeout {timeout!r} is not a literal ISO 8601 "
                "duration; Heat waits 300 seconds", "write it as PT#H#M#S", (*path, "Timeout"))
    count = spec.get("Count", 1)
    literal = ctx.static(count)
    return Signal(int(literal) if str(literal).isdigit() else ctx.value_at(count, (*path, "Count")), seconds, path)


def wait_for_signals(ctx: ResourceContext, signal: Signal) -> tuple[str, str]:
    """A handle and a wait condition for this resource; dependents wait for the condition."""
    handle = ctx.add(f"{ctx.name}WaitHandle", "OS::Heat::WaitConditionHandle", because="it receives the signals")
    properties = {"handle": ctx.dialect.get_resource(handle), "count": signal.count, "timeout": signal.timeout}
    wait = ctx.add(f"{ctx.name}WaitCondition", "OS::Heat::WaitCondition", properties,
                   because="the stack waits for the server's signals", depends_on=ctx.name)
    ctx.complete_when(wait)
    return handle, wait


def bootstrap(ctx: ResourceContext, server: dict[str, Any], path: Path, signal_command: dict[str, Any],
              own: str) -> tuple[set[str], set[str]]:
    """Rewrite ``server``'s user data (at ``path`` in the source) for a stock image, in place.

    ``signal_command`` maps a resource name to the deploy-time curl command its signals
    become (the server's own handle, or a scaled unit's placeholder). ``own`` is the resource
    whose metadata a bare ``cfn-init`` reads (heat-cfntools' default): the user data's owner.
    """
    script = server.get("user_data")
    programs: dict[str, Any] = {}
    signalled: set[str] = set()
    if script is None:
        return set(), signalled
    if not _mentions(script, ("cfn-init", "cfn-signal", "curl")):  # nothing to rewrite, the common case
        if ctx.index(_wait_handles):
            _report_handles_left(ctx, script, path)
        return set(), signalled

    places: list[Location] = []
    seen = [0]  # calls met so far; their places are read from the source only once one is met

    def replace(call: user_data.Call) -> list[Any] | None:
        if call.tool == "curl":
            return _curl_to_handle(ctx, call)
        if not seen[0]:
            places.extend(_call_locations(ctx, path))
        at = places[seen[0]] if seen[0] < len(places) else None
        seen[0] += 1
        if call.tool == "cfn-init":
            return _init_call(ctx, call, path, programs, own, at)
        pieces = _signal_call(ctx, call, path, signal_command, at)
        if pieces is not None:
            signalled.add(call.literal(call.options.get("resource")) or "")
        return pieces

    rewritten, found = user_data.rewrite(ctx.dialect, script, replace)
    if found == -1 and _mentions(script, ("cfn-init", "cfn-signal")):
        ctx.gap(BOOTSTRAP_UNTRANSLATED, "the user data is built in a way the translation cannot read, so "
                "its cfn-init and cfn-signal calls were left as they are (they fail on a stock image)",
                "write the user data as one Fn::Sub or Fn::Join", path)
        return set(), signalled
    server["user_data"] = rewritten
    _report_handles_left(ctx, rewritten, path)
    if not programs:
        return set(), signalled
    files = [{"path": f"{PROGRAM_DIR}/{name}", "permissions": "0700", "owner": "root:root",
              "content": ctx.dialect.text(program.pieces)} for name, program in programs.items()]
    config = ctx.add(f"{ctx.name}InitConfig", "OS::Heat::CloudConfig", {"cloud_config": {"write_files": files}},
                     because="cloud-init writes the translated cfn-init program")
    mime = ctx.add(f"{ctx.name}UserData", "OS::Heat::MultipartMime", {"parts": [
        {"config": ctx.dialect.get_resource(config), "subtype": "cloud-config", "filename": "cfn-init.cfg"},
        {"config": rewritten, "subtype": "x-shellscript", "filename": "user-data.sh"}]},
        because="the program and the user data script travel as one MIME document")
    server["user_data"] = ctx.dialect.get_attr(mime, "config")
    server["user_data_format"] = "RAW"
    ctx.gap(BOOTSTRAP, f"cfn-init of {', '.join(programs)} runs on a stock image: cloud-init writes it as "
            f"the program {PROGRAM_DIR}/<resource>, called where the user data called cfn-init",
            "", path)
    return set(programs), signalled


def _call_locations(ctx: ResourceContext, path: Path) -> list[Location]:
    """Where each cfn-init and cfn-signal call of the script at ``path`` stands in the source, in order."""
    template = ctx.template
    found: list[Location] = []
    source: SourceText | None = None
    for script in scripts(template):
        if tuple(script.path[:len(path)]) != tuple(path):
            continue
        for match in user_data.CALL.finditer(script.text):
            if match.group(1) != "curl" and user_data.is_command(script.text, match.start()):
                source = source or SourceText(template.source_text)
                found.append(locate(script, match.start(), source, template.filename))
    return found


def _init_call(ctx: ResourceContext, call: user_data.Call, path: Path, programs: dict[str, Any],
               own: str, at: Location | None) -> list[Any] | None:
    if call.windows:
        ctx.gap(BOOTSTRAP_UNTRANSLATED, "cfn-init on Windows is not translated (the program is a Linux "
                "shell program); the call was left and fails on an image without heat-cfntools",
                "run the configuration from the PowerShell user data (cloudbase-init runs it), or bake it into "
                "the image", path, location=at)
        return None
    resource = call.literal(call.options.get("resource", own))
    if resource is None or cfn_init.init_metadata(ctx, resource) is None:
        what = f"resource {resource!r}, which has no AWS::CloudFormation::Init metadata here" if resource else \
            "a resource known only at deploy time"
        ctx.gap(BOOTSTRAP_UNTRANSLATED, f"a cfn-init call names {what}; it was left as it is and fails on a "
                "stock image", "name a resource of this template with cfn-init metadata", path, location=at)
        return None
    stack = call.options.get("stack")
    if stack is not None and not _this_stack(call, stack):
        ctx.gap(BOOTSTRAP_UNTRANSLATED, f"a cfn-init call reads the metadata of stack {stack!r}, not this "
                "one; it was left as it is", "translate that stack's metadata with it", path, location=at)
        return None
    sets = call.options.get("configsets")
    names: list[str] = []
    if sets is not None:
        literal = call.literal(sets)
        if literal is None:
            ctx.gap(BOOTSTRAP_UNTRANSLATED, "the config sets of a cfn-init call are known only at deploy "
                    "time; the default config set runs", "name them literally", path, location=at)
        else:
            names = [name for name in literal.split(",") if name]
    if resource not in programs:
        programs[resource] = cfn_init.program(ctx, resource)
        ctx.bootstrapped(resource)
    return [f"/bin/bash {PROGRAM_DIR}/{resource}", *(" " + quote(name) for name in names)]


def _this_stack(call: user_data.Call, stack: str) -> bool:
    value = call.value(stack)
    if isinstance(value, dict):  # the translated pseudo parameter: this stack's name or id
        return any(v in ("OS::stack_name", "OS::stack_id", "AWS::StackName", "AWS::StackId")
                   for v in _flat(value))
    return False


def _signal_call(ctx: ResourceContext, call: user_data.Call, path: Path,
                 signal_command: dict[str, Any], at: Location | None) -> list[Any] | None:
    if call.windows:
        ctx.gap(SIGNAL_UNTRANSLATED, "cfn-signal on Windows is not translated; the call was left",
                "signal from PowerShell: Invoke-RestMethod -Method Post on the handle's endpoint", path, location=at)
        return None
    resource = call.literal(call.options.get("resource"))
    command = signal_command.get(resource) if resource else None
    if command is None and call.positional:  # the old form: cfn-signal ... <wait condition handle URL>
        command = _handle_command(ctx, call.value(call.positional[-1]))
    if command is None:
        ctx.gap(SIGNAL_UNTRANSLATED, "a cfn-signal call signals "
                + (f"{resource!r}, which waits for no signal here" if resource else "a handle not found here")
                + "; it was left as it is and fails on a stock image",
                "signal a resource with a CreationPolicy, or a wait condition handle of this template", path,
                location=at)
        return None
    exit_code = call.options.get("exit-code", "0")
    success = call.options.get("success")
    status = "0" if success is None else ("0" if success.lower() == "true" else "1")
    code = call.value(exit_code) if success is None else status
    reason = call.literal(call.options.get("reason"))
    if reason and re.search(r"[$`]", reason):
        reason = None  # a reason the shell expands cannot be put into JSON safely here; it is cosmetic
    fields = '\\"status\\": \\"$cfnbridge_status\\"'
    if reason:
        fields += ', \\"reason\\": \\"' + _json_in_double_quotes(reason) + '\\"'
    unique = call.literal(call.options.get("id"))
    if unique:
        fields += ', \\"id\\": \\"' + _json_in_double_quotes(unique) + '\\"'
    pieces: list[Any] = ["{ cfnbridge_rc=", code, '; if [ "$cfnbridge_rc" -eq 0 ]; then cfnbridge_status=SUCCESS; '
                         "else cfnbridge_status=FAILURE; fi; ", command, ' --data-binary "{' + fields + '}"; }']
    return pieces


_WAIT_KEYS = {"Status": "status", "Reason": "reason", "UniqueId": "id", "Data": "data"}


def _curl_to_handle(ctx: ResourceContext, call: user_data.Call) -> list[Any] | None:
    """``curl -X PUT --data-binary '{"Status": ...}' <handle URL>`` (AWS's presigned URL) as a POST to
    Heat's handle, with the keys Heat reads (status, reason, id, data); other curl calls stay."""
    command = next((c for c in (_handle_command(ctx, call.value(w)) for w in call.positional) if c), None)
    if command is None:
        return None
    data = next((value for option, value in call.pairs if option in ("d", "data", "data-binary", "data-raw")), None)
    if data is None or call.literal(data) is None or data.startswith("@"):
        return None  # no body, one built at deploy time or read from a file: reported as a handle left
    body = re.sub(r'"(Status|Reason|UniqueId|Data)"', lambda m: f'"{_WAIT_KEYS[m.group(1)]}"', data)
    escaped = body.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    return [command, f' --data-binary "{escaped}"']


def _handle_command(ctx: ResourceContext, value: Any) -> Any:
    """The curl command of a wait condition handle a script passes to cfn-signal by its URL."""
    for name in _flat(value) if isinstance(value, dict) else ():
        if ctx.status_of(name) is not None and ctx.template.resources[name].type.endswith("WaitConditionHandle"):
            return ctx.dialect.get_attr(ctx.emitted_name(name) or name, "curl_cli")
    return None


def _report_handles_left(ctx: ResourceContext, script: Any, path: Path) -> None:
    """A wait condition handle URL still in the script (curl -X PUT, say): it needs Heat's signal."""
    for variant in _variants(ctx, script):
        for piece in ctx.dialect.text_parts(variant) or []:
            reference = ctx.dialect.reference(*next(iter(piece.items()))) if isinstance(piece, dict) and \
                len(piece) == 1 else None
            target = reference[1] if reference and reference[0] == "resource" and reference[2] != "curl_cli" \
                else None
            owner = ctx.owner_of(target)
            if owner and ctx.template.resources[owner].type == "AWS::CloudFormation::WaitConditionHandle":
                where = next((r.path for r in all_references(ctx.template) if r.target == owner
                              and tuple(r.path[:len(path)]) == tuple(path)), path)
                ctx.gap(WAIT_HANDLE_SIGNAL, f"the script uses the URL of wait condition handle {owner!r} "
                        "other than through cfn-signal; Heat's handle needs a POST with an X-Auth-Token header and "
                        "lowercase JSON keys (status, reason, data, id)",
                        f"signal with: {{get_attr: [{target}, curl_cli]}} --data-binary '{{\"status\": \"SUCCESS\"}}'",
                        where)
                return


def _wait_handles(template: Template) -> tuple[str, ...]:
    """The template's wait condition handles (built once per template)."""
    return tuple(name for name, resource in template.resources.items()
                 if resource.type == "AWS::CloudFormation::WaitConditionHandle")


def _variants(ctx: ResourceContext, script: Any) -> list[Any]:
    branches = ctx.dialect.branches(script)
    return [*_variants(ctx, branches[1]), *_variants(ctx, branches[2])] if branches else [script]


def _json_in_double_quotes(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r'(["\\$`])', r"\\\1", escaped)


def _flat(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _flat(v)]
    if isinstance(value, list):
        return [x for v in value for x in _flat(v)]
    return [value]


def _mentions(value: Any, words: tuple[str, ...]) -> bool:
    return any(isinstance(v, str) and any(w in v for w in words) for v in _flat(value))


def report_unused_metadata(ctx: ResourceContext, resource: str, called: bool) -> None:
    """cfn-init metadata that no user data calls: on AWS it does not run either."""
    found = cfn_init.init_metadata(ctx, resource)
    if found is not None and not called:
        ctx.bootstrapped(resource)  # nothing to run: no copy of the metadata, no note that it needs heat-cfntools
        ctx.gap(CFN_INIT_NOT_CALLED, "no user data here calls cfn-init for this metadata, so it does not run "
                "(on AWS neither); it was not translated", "", found[1])


def instance_bootstrap(ctx: ResourceContext, server: dict[str, Any]) -> None:
    """An instance's own bootstrap: its CreationPolicy waited for, its user data rewritten."""
    signal = creation_signal(ctx, ctx.name)
    commands: dict[str, Any] = {}
    if signal is not None:
        handle, _ = wait_for_signals(ctx, signal)
        commands[ctx.name] = ctx.dialect.get_attr(handle, "curl_cli")
    path = ctx.path("UserData") if "UserData" in ctx.props else ctx.path()
    called, signalled = bootstrap(ctx, server, path, commands, ctx.name)
    report_unused_metadata(ctx, ctx.name, ctx.name in called)
    if signal is not None and ctx.name not in signalled:
        ctx.gap(SIGNAL_APPROXIMATED, "the stack waits for a signal from this server, but its user data "
                "has no cfn-signal call for it; the wait condition times out unless something else signals it",
                f"signal it with {{get_attr: [{ctx.name}WaitHandle, curl_cli]}}", signal.path)
