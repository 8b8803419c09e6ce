"""Find, in shell, PowerShell or Python text, what calls AWS and will not work on OpenStack.

A call is recognised where it would run: ``aws`` in command position (at the start of a
command, after ``sudo``, ``env X=1``, ``then``, ``$(``, ``|``, ``&&``, ``bash -c "``),
not inside an ``echo "…"`` string or after ``#`` on a comment line; line continuations
(``\\`` and PowerShell's backtick) join a command's lines. Text standing for an intrinsic
function's value (a ``Ref`` joined into the script) is the character :data:`OPAQUE`: an
opaque word that never matches a service, an operation or a host label, so pieces of a
``Fn::Join`` never combine into a call nobody wrote. The scan is pure: offsets in, findings
out; what a finding means on OpenStack is in :mod:`cfnbridge.script_scan.table`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPAQUE = "\ue000"  # one intrinsic function's value inside a joined script

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_AWS = re.compile(r"(?<![\w$./~\ue000-])(?:[\w.~${}-]*/)*aws(?:\.exe)?(?=[ \t]|\\\r?\n|`\r?\n)")
_FLAGS = frozenset({"--debug", "--no-verify-ssl", "--no-paginate", "--no-sign-request", "--no-cli-pager",
                    "--cli-auto-prompt", "--no-cli-auto-prompt", "--version", "--help"})
_LOCAL_COMMANDS = frozenset({"configure", "help", "history", "completer"})
_RUNNERS = frozenset({"sudo", "doas", "env", "exec", "time", "nohup", "command", "nice", "xargs", "timeout",
                      "stdbuf", "then", "do", "else", "elif", "if", "while", "until", "!", "&"})
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=\S*")
_SEPARATORS = frozenset(";&|({`\n")
_SHELL_C = re.compile(r"-c\s*$")
_CRON_FIELD = re.compile(r"[*\d/,-]+|[A-Za-z]{3}(?:-[A-Za-z]{3})?")
_SDK = re.compile(r"\b(?:boto3|[A-Za-z_]\w*(?:\(\))?)\.(?:client|resource|create_client)\(\s*"
                  r"(?:service_name\s*=\s*)?['\"]([a-z0-9-]+)['\"]")
_SDK_VARIABLE = re.compile(r"([A-Za-z_]\w*)\s*=\s*$")
_CMDLET = re.compile(r"\b([A-Z][a-z]+)-([A-Z][A-Z0-9]*?)([A-Z][a-z]\w*)\b")
_LABEL = r"(?:[A-Za-z0-9-]|\$\{[^}\s]*\}|\$[A-Za-z_]\w*|\ue000)+"
_HOST = re.compile(rf"(?<![\w$}}\ue000.-])((?:{_LABEL}\.)+(?:amazonaws\.com(?:\.cn)?|\$\{{AWS::URLSuffix\}})"
                   r")(?![\w-])")
_METADATA = re.compile(r"(?:169\.254\.169\.254|\[?fd00:ec2::254\]?|\binstance-data(?:\.ec2\.internal)?)(?::80)?"
                       r"(/[^\s\"'`;|&<>()\\\ue000]*)?")
_METADATA_BARE = re.compile(r"(?i)x-aws-ec2-metadata-token(?:-ttl-seconds)?|\blatest/api/token\b|"
                            r"\biam/security-credentials\b")
_TOOL = re.compile(r"(?<![\w.-])(/opt/aws/bin/)?(cfn-[a-z]+(?:-[a-z]+)*)(?![\w-]|\.(?!service\b))")
_BOOTSTRAP = frozenset({"cfn-init", "cfn-signal"})  # translated by the bootstrap, not reported here
_BOOTSTRAP_CALL = re.compile(r"(?<![\w-])cfn-(?:init|signal)(?![\w.-])")
_KNOWN_TOOLS = frozenset({"cfn-hup", "cfn-get-metadata", "cfn-push-stats", "cfn-create-aws-symlinks",
                          "cfn-elect-cmd-leader", "cfn-send-cmd-event", "cfn-send-cmd-result"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One AWS-specific thing in a script: what it is, where it starts and the text standing there.

    ``kind`` is ``cli`` (``aws <service> <operation>``), ``sdk`` (a boto3 client or one of its
    EC2 calls), ``cmdlet`` (AWS Tools for PowerShell), ``endpoint`` (an ``*.amazonaws.com``
    name), ``metadata`` (a metadata path Nova does not serve) or ``tool`` (``/opt/aws/bin``).
    ``word`` is the text at ``start``; it lies in one literal piece of the script.
    """

    kind: str
    start: int
    word: str
    service: str = ""
    operation: str = ""
    detail: str = ""
    endpoint: bool = False


def scan(text: str, served: tuple[str, ...]) -> list[Finding]:
    """Everything :class:`Finding` describes in ``text``, in text order; ``served`` are the
    ``/latest/meta-data/`` entries the metadata service answers (they pass quietly)."""
    found = [*_cli_calls(text), *_sdk_calls(text), *_cmdlets(text), *_endpoints(text), *_metadata(text, served),
             *_tools(text)]
    if not found:
        return []  # most scripts: no comment needs finding
    comments = _comment_spans(text)

    def live(start: int) -> bool:
        return not any(begin <= start < end for begin, end in comments)

    return sorted((f for f in found if live(f.start)), key=lambda f: (f.start, f.kind))


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """``#`` to the end of the line where ``#`` starts a word outside quotes; PowerShell's ``<# … #>``."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"<#.*?#>", text, re.S)]
    offset = 0
    for line in text.split("\n"):
        if "#" not in line:
            offset += len(line) + 1
            continue
        quote = ""
        for index, char in enumerate(line):
            if quote:
                if char == quote and (quote == "'" or line[index - 1] != "\\"):
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t;"):
                spans.append((offset + index, offset + len(line)))
                break
        offset += len(line) + 1
    return spans


def _command_start(text: str, start: int) -> str | None:
    """Whether a word at ``start`` is a command: only runners (``sudo -u x``, ``env A=1``,
    keywords) stand between it and the start of its command. None when it is not; the quote
    that opened the command when it is one (``bash -c "aws …"``), else ""."""
    index, quote = start, ""
    while index > 0:
        char = text[index - 1]
        if char == "\n" and not (index > 1 and text[index - 2] in "\\`"):
            break
        if char in _SEPARATORS and char != "\n":
            break
        if char in "'\"":
            if _SHELL_C.search(text[max(0, index - 8):index - 1]):
                quote = char  # bash -c "aws …": the quoted text is a command
                break
            return None  # inside a quoted argument (echo "aws s3 cp …"): text, not a call
        index -= 1
    words = _after_schedule(re.sub(r"\\\r?\n|`\r?\n", " ", text[index:start]).split())
    after_option = False
    for word in words:
        if word in _RUNNERS or _ASSIGNMENT.fullmatch(word):
            after_option = False
        elif word.startswith("-"):
            after_option = word in ("-u", "-g", "-U", "-s", "-k", "--user", "--group")
        elif after_option or re.fullmatch(r"\d+[smhd]?", word):
            after_option = False
        else:
            return None
    return quote


def _after_schedule(words: list[str]) -> list[str]:
    """A crontab line's command: the words after its schedule (five fields or ``@daily``) and user."""
    if words and words[0].startswith("@"):
        fields = 1
    elif len(words) >= 5 and all(_CRON_FIELD.fullmatch(word) for word in words[:5]):
        fields = 5
    else:
        return words
    rest = words[fields:]
    return rest[1:] if rest and rest[0] not in _RUNNERS else rest


def _words(text: str, start: int, quote: str = "", limit: int = 80) -> Iterator[tuple[str, int]]:
    """Shell words from ``start`` to the end of the command (or ``quote``, the one it stands in):
    quotes, ``$(…)`` and ``${…}`` kept whole."""
    index, length = start, len(text)
    count = 0
    while index < length and count < limit:
        while index < length and (text[index] in " \t" or text.startswith(("\\\n", "`\n"), index)):
            index += 1 if text[index] in " \t" else 2
        if index >= length or text[index] in "\n;|&)`" or text[index] == quote or text.startswith("\r\n", index):
            return
        begin, depth = index, 0
        while index < length:
            char = text[index]
            if char == quote and depth == 0:
                break
            if char in "'\"":
                close = text.find(char, index + 1)
                index = length if close < 0 else close + 1
                continue
            if char in "({":
                depth += 1
            elif char in ")}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (char in " \t\n;|&`" or text.startswith("\\\n", index)):
                break
            index += 1
        count += 1
        yield text[begin:index], begin


def _cli_calls(text: str) -> Iterator[Finding]:
    if "aws" not in text:
        return  # what _AWS needs, found by a substring search before the pattern tries every position
    for match in _AWS.finditer(text):
        quote = _command_start(text, match.start())
        if quote is None:
            continue
        words = [word for word, _ in _words(text, match.end(), quote)]
        service, operation = _service_and_operation(words)
        if service and service not in _LOCAL_COMMANDS:
            endpoint = any(word == "--endpoint-url" or word.startswith("--endpoint-url=") for word in words)
            yield Finding("cli", match.start(), match.group(), service, operation, endpoint=endpoint)


def _service_and_operation(words: list[str]) -> tuple[str, str]:
    """The first two words that are not options (nor an option's value)."""
    names: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("--"):
            skip = word not in _FLAGS and "=" not in word
            continue
        if word.startswith("-"):
            continue
        names.append(word)
        if len(names) == 2:
            break
    service = names[0] if names and _NAME.fullmatch(names[0]) else ""
    operation = names[1] if len(names) > 1 and _NAME.fullmatch(names[1]) else ""
    return service, operation


def _sdk_calls(text: str) -> Iterator[Finding]:
    if "boto" not in text:
        return
    for match in _SDK.finditer(text):
        service = match.group(1)
        yield Finding("sdk", match.start(), match.group()[:match.group().index("(")], service)
        line_start = text.rfind("\n", 0, match.start()) + 1
        variable = _SDK_VARIABLE.search(text[line_start:match.start()])
        if service != "ec2" or variable is None:
            continue
        name = variable.group(1)
        for call in re.finditer(rf"\b{re.escape(name)}\.([a-z][a-z0-9_]*)\(", text[match.end():]):
            yield Finding("sdk", match.end() + call.start(), call.group()[:-1], service, call.group(1))


def _cmdlets(text: str) -> Iterator[Finding]:
    for match in _CMDLET.finditer(text):
        yield Finding("cmdlet", match.start(), match.group(), detail=match.group(2))


def _endpoints(text: str) -> Iterator[Finding]:
    if "amazonaws.com" not in text and "${AWS::URLSuffix}" not in text:
        return  # _HOST ends in one of these
    for match in _HOST.finditer(text):
        host = match.group(1)
        line_start, line_end = text.rfind("\n", 0, match.start()) + 1, text.find("\n", match.end())
        if _BOOTSTRAP_CALL.search(text, line_start, len(text) if line_end < 0 else line_end):
            continue  # cfn-init --url …: part of the call the bootstrap translation replaces
        literal = host.rsplit(OPAQUE, 1)[-1]  # the part in one piece: what the line shows
        start = match.end(1) - len(literal)
        labels = [label.lower() for label in host.split(".")]
        if "efs" in labels or labels[0].startswith("fs-"):
            kind = "efs"
        elif any(re.fullmatch(r"s3(-[a-z0-9-]+)?|s3-website.*", label) for label in labels):
            kind = "s3"
        else:
            kind = next((label for label in labels if _NAME.fullmatch(label)), "")
        yield Finding("endpoint", start, literal, kind, detail=host.replace(OPAQUE, "…"))


def _metadata(text: str, served: tuple[str, ...]) -> Iterator[Finding]:
    covered: list[tuple[int, int]] = []
    hosts = "169.254.169.254" in text or "fd00:ec2::254" in text or "instance-data" in text  # _METADATA's
    for match in _METADATA.finditer(text) if hosts else ():
        path = match.group(1)
        if not path:
            continue
        kind = _metadata_kind(path, served)
        covered.append((match.start(), match.end()))
        if kind:
            yield Finding("metadata", match.start(1), path, detail=kind)
    for match in _METADATA_BARE.finditer(text):
        if any(begin <= match.start() < end for begin, end in covered):
            continue
        word = match.group().lower()
        yield Finding("metadata", match.start(), match.group(),
                      detail="credentials" if word.startswith("iam") else "token")


def _metadata_kind(path: str, served: tuple[str, ...]) -> str:
    """``credentials``, ``token``, ``unserved:<entry>`` or "" (served, or not known before boot)."""
    steps = path.strip("/").split("/", 1)
    if not steps[0] or not (steps[0] == "latest" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", steps[0])):
        return ""
    rest = steps[1] if len(steps) > 1 else ""
    if rest.startswith("api/token"):
        return "token"
    if rest.startswith("dynamic/"):
        return "unserved:" + _literal_prefix(rest)
    if not rest.startswith("meta-data/"):
        return ""  # user-data, the listing of versions, /openstack/…
    entry = rest[len("meta-data/"):].rstrip("/")
    if entry.startswith("iam/security-credentials"):
        return "credentials"
    if not entry or entry[0] in "$%":
        return ""
    if any(entry == name or entry.startswith(name + "/") or name.startswith(entry + "/") for name in served):
        return ""
    return "unserved:meta-data/" + _literal_prefix(entry)


def _literal_prefix(path: str) -> str:
    """The path up to its first variable part (a MAC address read earlier in the script)."""
    cut = re.split(r"[$%]", path, maxsplit=1)[0]
    return cut.rstrip("/") + ("/…" if cut != path else "")


def _tools(text: str) -> Iterator[Finding]:
    if "cfn-" not in text:
        return  # every _TOOL name starts so
    for match in _TOOL.finditer(text):
        prefix, name = match.groups()
        if name in _BOOTSTRAP or (prefix is None and name not in _KNOWN_TOOLS):
            continue
        if prefix is None and match.start() > 0 and text[match.start() - 1] == "/" and not re.search(
                r"(?:/usr/local/bin|/usr/bin|/etc/init\.d)/$", text[max(0, match.start() - 16):match.start()]):
            continue  # a file under some directory named like the tool, not the tool
        yield Finding("tool", match.start(), match.group(), detail=name)
