"""``AWS::CloudFormation::Init`` as a shell program that does what cfn-init does, in its order.

cfn-init runs the configs of each requested config set in order and, in each config, its
sections in a fixed order: packages, groups, users, sources, files, commands, services.
Commands run in name order and the first failure stops the run unless ``ignoreErrors``
is set, so the program stops on it too and exits non-zero, which is what ``cfn-signal -e
$?`` reports. A member under ``Fn::If`` stays conditional: the shell tests the condition's
value, which Heat writes into the program when the stack is created.

What the program cannot do (authentication blocks, mustache ``context``, Windows
installers, cfn-hup's restart on later updates) is a gap at its line.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.gap_codes import BOOTSTRAP, BOOTSTRAP_APPROXIMATED, BOOTSTRAP_UNTRANSLATED, CFN_HUP
from cfnbridge.translation.bootstrap.runtime import PRELUDE
from cfnbridge.translation.bootstrap.shell import Script, ends_with_newline, quote, single_quoted

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
INIT = "AWS::CloudFormation::Init"
_SECTIONS = ("packages", "groups", "users", "sources", "files", "commands", "services")
_MANAGERS = ("rpm", "yum", "apt", "python", "rubygems")  # cfn-init installs rpm first, then the others
_NAME = re.compile(r"[^A-Za-z0-9_]")


def init_metadata(ctx: ResourceContext, resource: str) -> tuple[dict[str, Any], Path] | None:
    """The cfn-init metadata of ``resource`` and its path, if it has any."""
    found = ctx.template.resources.get(resource)
    metadata = found.metadata if found is not None else None
    if isinstance(metadata, dict) and isinstance(metadata.get(INIT), dict):
        return metadata[INIT], ("Resources", resource, "Metadata", INIT)
    return None


def program(ctx: ResourceContext, resource: str) -> Script | None:
    """The whole bootstrap program for ``resource``'s metadata: ``program [configset ...]``."""
    found = init_metadata(ctx, resource)
    if found is None:
        return None
    init, base = found
    builder = _Builder(ctx, base)
    script = Script().text(PRELUDE.replace("@RESOURCE@", resource))
    configs = [key for key in init if key != "configSets"]
    for key in configs:
        script.extend(builder.config(key, init[key], (*base, key)))
    sets = init.get("configSets")
    script.line("run_config_set() {").line('  case "$1" in')
    if isinstance(sets, dict):
        for name, members in sets.items():
            script.line(f"    {quote(str(name))})")
            script.extend(builder.config_set(sets, str(name), members, (*base, "configSets", name), ()))
            script.line("      ;;")
    elif sets is not None:
        ctx.gap(BOOTSTRAP_UNTRANSLATED, "configSets is not a mapping of names to lists of configs; "
                "no config set runs", "write configSets as {name: [config, ...]}", (*base, "configSets"))
    if not (isinstance(sets, dict) and "default" in sets) and "config" in init:
        script.line("    default)").line("      config_config || return 1").line("      ;;")
    script.line('    *) log "no config set named $1"; return 1 ;;').line("  esac").line("}")
    script.line('for config_set in "${@:-default}"; do').line('  run_config_set "$config_set" || exit 1')
    script.line("done").line('log "done"')
    return script


class _Builder:
    """Renders configs and config sets, reporting through the context."""

    def __init__(self, ctx: ResourceContext, base: Path) -> None:
        self.ctx = ctx
        self.base = base

    # -- config sets --------------------------------------------------------------------------
    def config_set(self, sets: dict[str, Any], name: str, members: Any, path: Path, seen: tuple[str, ...]) -> Script:
        """The configs of one set in order; ``{"ConfigSet": other}`` includes another set."""
        script = Script()
        if name in seen:
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"config set {name!r} includes itself; the loop was cut",
                         "remove the cycle", path)
            return script
        items = members if isinstance(members, list) else [members]
        for index, member in enumerate(items):
            at = (*path, index) if isinstance(members, list) else path
            script.extend(self._member(sets, member, at, (*seen, name)))
        return script

    def _member(self, sets: dict[str, Any], member: Any, path: Path, seen: tuple[str, ...]) -> Script:
        if isinstance(member, fn.If):
            return self.conditional(member, path, lambda value, at: self._member(sets, value, at, seen))
        if member is fn.NO_VALUE or (isinstance(member, fn.Ref) and member.target == "AWS::NoValue"):
            return Script()
        if isinstance(member, dict) and set(member) == {"ConfigSet"}:
            other = member["ConfigSet"]
            if isinstance(other, str) and other in sets:
                return self.config_set(sets, other, sets[other], (*self.base, "configSets", other), seen)
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"config set {other!r} is not defined here; it was not run",
                         "name a config set of this resource", path)
            return Script()
        if isinstance(member, str):
            return Script().line(f"      config_{_NAME.sub('_', member)} || return 1")
        self.ctx.gap(BOOTSTRAP_UNTRANSLATED, "a config set member computed at deploy time cannot be "
                     "chosen before the server boots; it was not run", "name the config literally", path)
        return Script()

    def conditional(self, node: fn.If, path: Path, render: Any) -> Script:
        """``Fn::If`` as a shell ``if`` on the condition's value, both branches kept."""
        args = node.args if isinstance(node.args, list) else []
        if len(args) != 3 or not isinstance(args[0], str):
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, "a malformed Fn::If in cfn-init metadata was not run",
                         "", path)
            return Script()
        when = self.ctx.dialect.if_(args[0], "true", "false")
        script = Script().text('if [ "').value(when).line('" = true ]; then')
        for index, keyword in ((1, "else"), (2, "fi")):
            branch = render(args[index], (*path, "Fn::If", index))
            script.extend(branch if branch.pieces else Script().line("  :")).line(keyword)
        return script

    # -- one config ---------------------------------------------------------------------------
    def config(self, key: str, config: Any, path: Path) -> Script:
        script = Script().line(f"config_{_NAME.sub('_', str(key))}() {{").line(f"  log {quote('config ' + str(key))}")
        if isinstance(config, fn.If):
            script.extend(self.conditional(config, path, self._sections))
        else:
            script.extend(self._sections(config, path))
        return script.line("}")

    def _sections(self, config: Any, path: Path) -> Script:
        script = Script()
        if not isinstance(config, dict):
            if config is not fn.NO_VALUE:
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, "this cfn-init config is not a mapping; nothing of it "
                             "runs", "", path)
            return script
        for key in config:
            if key not in _SECTIONS:
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"cfn-init has no section {key!r}; it was not run",
                             f"use one of {', '.join(_SECTIONS)}", (*path, key))
        for section in _SECTIONS:
            if section in config:
                render = getattr(self, f"_{section}")
                value = config[section]
                at = (*path, section)
                script.extend(self.conditional(value, at, render) if isinstance(value, fn.If) else render(value, at))
        return script

    def _entries(self, value: Any, path: Path, render: Any) -> Script:
        """Each entry of a section in order; an entry under ``Fn::If`` stays conditional."""
        script = Script()
        if not isinstance(value, dict):
            if value is not fn.NO_VALUE:
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, "this cfn-init section is not a mapping; it was not run",
                             "", path)
            return script
        for name in sorted(value, key=str) if path[-1] == "commands" else value:
            entry = value[name]
            at = (*path, name)
            if isinstance(entry, fn.If):
                script.extend(self.conditional(entry, at, lambda v, p, n=name: render(n, v, p)))
            elif entry is not fn.NO_VALUE:
                script.extend(render(name, entry, at))
        return script

    def text(self, value: Any, path: Path) -> list[Any]:
        """A value as text pieces: literal, or a deploy-time value Heat writes in."""
        translated = self.ctx.value_at(value, path)
        if isinstance(translated, bool):
            return [str(translated).lower()]
        if isinstance(translated, int | float):
            return [str(translated)]
        return self.ctx.dialect.text_parts(translated) or [translated]

    # -- packages -----------------------------------------------------------------------------
    def _packages(self, value: Any, path: Path) -> Script:
        script = Script()
        if not isinstance(value, dict):
            return self._entries(value, path, lambda *_: Script())
        for manager in sorted(value, key=lambda m: (_MANAGERS.index(m) if m in _MANAGERS else 99, str(m))):
            at = (*path, manager)
            if manager not in _MANAGERS:
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"packages from {manager!r} cannot be installed by "
                             "a Linux cloud-init bootstrap; they were not installed",
                             "install them in the image, or with a command", at)
                continue
            script.extend(self._entries(value[manager], at, lambda name, versions, p, m=manager:
                                        self._package(m, name, versions, p)))
        return script

    def _package(self, manager: str, name: Any, versions: Any, path: Path) -> Script:
        script = Script().text(f"  install_package {manager} ")
        if manager == "rpm":  # name -> the URL or path of the rpm
            return script.text(quote(str(name)), " ").values(single_quoted(self.text(versions, path))).line(
                " || return 1")
        listed = versions if isinstance(versions, list) else ([] if versions in ("", None) else [versions])
        words = []
        for index, version in enumerate(listed or [None]):
            if version is None:
                words.append(quote(str(name)))
                continue
            literal = self.ctx.static(version)
            if not isinstance(literal, str | int | float):
                self.ctx.gap(BOOTSTRAP_APPROXIMATED, f"the version of package {name!r} is known only "
                             "at deploy time; the latest is installed", "give the version literally", (*path, index))
                words.append(quote(str(name)))
                continue
            separator = {"yum": "-", "apt": "=", "python": "==", "rubygems": ":"}[manager]
            words.append(quote(f"{name}{separator}{literal}"))
        return script.text(" ".join(words)).line(" || return 1")

    # -- groups and users ---------------------------------------------------------------------
    def _groups(self, value: Any, path: Path) -> Script:
        return self._entries(value, path, self._group)

    def _group(self, name: Any, spec: Any, path: Path) -> Script:
        gid = spec.get("gid") if isinstance(spec, dict) else None
        script = Script().text(f"  add_group {quote(str(name))} ")
        return script.values(single_quoted(self.text(gid, (*path, "gid")) if gid is not None else [""])).line(
            " || return 1")

    def _users(self, value: Any, path: Path) -> Script:
        return self._entries(value, path, self._user)

    def _user(self, name: Any, spec: Any, path: Path) -> Script:
        spec = spec if isinstance(spec, dict) else {}
        script = Script().text(f"  add_user {quote(str(name))}")
        for key in ("uid", "homeDir"):
            script.text(" ").values(single_quoted(self.text(spec[key], (*path, key)) if key in spec else [""]))
        groups = spec.get("groups", [])
        if isinstance(groups, list):
            listed = [self.ctx.static(g) for g in groups]
            if all(isinstance(g, str) for g in listed):
                return script.text(" ", quote(",".join(listed))).line(" || return 1")
        return script.text(" ").values(single_quoted(self.text(fn.Join([",", groups]), (*path, "groups")))).line(
            " || return 1")

    # -- sources and files --------------------------------------------------------------------
    def _sources(self, value: Any, path: Path) -> Script:
        return self._entries(value, path, lambda directory, url, p: Script().text(
            f"  unpack_source {quote(str(directory))} ").values(single_quoted(self.text(url, p))).line(" || return 1"))

    def _files(self, value: Any, path: Path) -> Script:
        return self._entries(value, path, self._file)

    def _file(self, name: Any, spec: Any, path: Path) -> Script:
        if not isinstance(spec, dict):
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"file {name!r} is not a mapping; it was not written",
                         "", path)
            return Script()
        for key in ("authentication", "context"):
            if key in spec:
                what = ("an authentication block (S3 or basic credentials)" if key == "authentication"
                        else "a mustache context")
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"file {name!r} uses {what}, which the bootstrap "
                             "does not support; " + ("the download is made without credentials" if key ==
                                                     "authentication" else "the file is written unrendered"),
                             "make the source public (or put it in Swift with a temp URL), or render the "
                             "content with Fn::Sub", (*path, key))
        mode = self.ctx.static(spec.get("mode", ""))
        mode = str(mode) if isinstance(mode, str | int) else ""
        owner, group = (self.ctx.static(spec.get(k, "")) for k in ("owner", "group"))
        attributes = " ".join(quote(str(v)) if isinstance(v, str | int) and v != "" else "''"
                              for v in (mode[-4:].rjust(4, "0") if mode else "", owner, group))
        target = quote(str(name))
        if mode.startswith("120"):  # a symbolic link: the content names its target
            return Script().text(f"  link_file {target} ").values(
                single_quoted(self.text(spec.get("content", ""), (*path, "content")))).line(" || return 1")
        if "source" in spec:
            return Script().text(f"  fetch_file {target} {attributes} ").values(
                single_quoted(self.text(spec["source"], (*path, "source")))).line(" || return 1")
        content = spec.get("content", "")
        if isinstance(content, dict | list) and not isinstance(content, fn.Intrinsic):
            body = self._json(content, (*path, "content"))
        else:
            body = self.text(content, (*path, "content"))
        encoding = self.ctx.static(spec.get("encoding", "plain"))
        command = "decode_file" if encoding == "base64" else "write_file"
        exact = "keep" if ends_with_newline(body) or command == "decode_file" else "trim"
        return Script().heredoc(f"  {command} {target} {attributes} {exact}", body, " || return 1")

    def _json(self, content: Any, path: Path) -> list[Any]:
        """A JSON object written as JSON; Heat serialises one holding deploy-time values."""
        literal = self.ctx.static(content)
        if isinstance(literal, dict | list):
            return [json.dumps(literal, indent=2) + "\n"]
        translated = self.ctx.value_at(content, path)
        joined = self.ctx.dialect.join("", [translated])
        if not self.ctx.dialect.joins_maps_as_json:
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, "a JSON file whose content is known only at deploy time "
                         "cannot be serialised in Heat's CFN dialect", "translate with --to hot", path)
        return [joined]

    # -- commands and services ----------------------------------------------------------------
    def _commands(self, value: Any, path: Path) -> Script:
        return self._entries(value, path, self._command)

    def _command(self, name: Any, spec: Any, path: Path) -> Script:
        if not isinstance(spec, dict) or "command" not in spec:
            self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"command {name!r} has no 'command'; it was not run",
                         "", path)
            return Script()
        script = Script()
        environment = spec.get("env")
        env_words: list[Any] = []
        if isinstance(environment, dict):
            for key, item in environment.items():
                env_words += [" ", quote(str(key)) + "="]
                env_words += single_quoted(self.text(item, (*path, "env", key)))
        cwd = spec.get("cwd")
        cwd_word = single_quoted(self.text(cwd, (*path, "cwd"))) if cwd is not None else ["''"]
        ignore = self.ctx.static(spec.get("ignoreErrors", False))
        on_error = "continue" if ignore in (True, "true", "True") else "stop"
        if "test" in spec:
            script.heredoc("  write_step test", self._command_text(spec["test"], (*path, "test")))
        else:
            script.line("  : > \"$work/test\"")
        script.heredoc("  write_step command", self._command_text(spec["command"], (*path, "command")))
        script.text(f"  run_command {quote(str(name))} {on_error} ").values(cwd_word)
        script.text(" env -i" if env_words else " env").values(env_words)
        return script.line(" || return 1")

    def _command_text(self, command: Any, path: Path) -> list[Any]:
        if isinstance(command, list) and not isinstance(command, fn.Intrinsic):  # argv: no shell parsing
            words: list[Any] = []
            for index, item in enumerate(command):
                literal = self.ctx.static(item)
                words += [" "] if words else []
                words += [quote(str(literal))] if isinstance(literal, str | int | float) else single_quoted(
                    self.text(item, (*path, index)))
            return [*words, "\n"]
        return self.text(command, path)

    def _services(self, value: Any, path: Path) -> Script:
        script = Script()
        if not isinstance(value, dict):
            return script
        for manager, services in value.items():
            at = (*path, manager)
            if manager not in ("sysvinit", "systemd"):
                self.ctx.gap(BOOTSTRAP_UNTRANSLATED, f"{manager!r} services cannot be managed by a Linux "
                             "bootstrap; they were not started", "start them with a command", at)
                continue
            script.extend(self._entries(services, at, self._service))
        return script

    def _service(self, name: Any, spec: Any, path: Path) -> Script:
        spec = spec if isinstance(spec, dict) else {}
        watched = [key for key in ("files", "sources", "packages", "commands") if key in spec]
        if str(name) == "cfn-hup":
            self.ctx.gap(CFN_HUP, "cfn-hup (which re-runs cfn-init when the metadata changes) is not "
                         "on OpenStack images; it is not started, so a stack update does not reconfigure the "
                         "server", "apply configuration changes by replacing the server, or use "
                         "OS::Heat::SoftwareDeployment", path)
            return Script()
        if watched:
            self.ctx.gap(BOOTSTRAP, f"service {name!r} is restarted once after this run; its restart on later "
                         f"changes of its {', '.join(watched)} needs cfn-hup, which is not there", "",
                         (*path, watched[0]))
        enabled, running = (self.ctx.static(spec.get(k)) for k in ("enabled", "ensureRunning"))
        words = [_switch(enabled), _switch(running), "restart" if watched else "keep"]
        return Script().line(f"  manage_service {quote(str(name))} {' '.join(words)} || return 1")


def _switch(value: Any) -> str:
    if value in (True, "true", "True"):
        return "on"
    if value in (False, "false", "False"):
        return "off"
    return "unset"
