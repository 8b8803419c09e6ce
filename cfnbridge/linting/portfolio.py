"""Many files: each result in order, from the cache when it holds the file, else linted.

Kept apart from :mod:`cfnbridge.linting.runner` so that a run answered from the cache
never imports the rules, the loader or the translator.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfnbridge.errors import CfnBridgeError
from cfnbridge.gc_pause import sweep_young
from cfnbridge.linting.files import STDIN, Source
from cfnbridge.linting.results import PARSE_ERROR, FileResult, Options

if TYPE_CHECKING:
    from cfnbridge.linting.cache import ResultCache


def lint_sources(sources: list[Source], options: Options, jobs: int = 0, stdin_text: str | None = None,
                 cache: ResultCache | None = None) -> Iterator[FileResult]:
    """Every source's result, in order, as each is ready.

    ``jobs`` 0 lets :func:`~cfnbridge.linting.parallel.plan` decide from the work left (what the
    ``cache`` does not hold) and the free CPUs; N forces N processes.
    """
    from cfnbridge.linting import parallel

    keys: dict[int, str] = {}
    files = [source for source in sources if source.path != STDIN and source.skip is None]
    size = todo = 0
    for source in files:
        if cache is not None:
            key = _key_of(source, cache)
            if key is not None:
                keys[id(source)] = key
                if cache.has(key):
                    continue
        todo += 1
        size += _size(source.path)
    workers = parallel.plan(jobs, todo, size)
    if workers < 2:
        for source in sources:
            yield _swept(lint_one(source, options, cache, stdin_text, keys.get(id(source))))
        return
    # Lint one file here first: imports and caches are then inherited by forked workers.
    first, rest = files[0], files[1:]
    done = {id(first): lint_one(first, options, cache, None, keys.get(id(first)))}
    results = parallel.lint_in_processes(rest, options, cache, workers, lint_one)
    for source in sources:
        if source.path == STDIN or source.skip is not None:
            yield _swept(lint_one(source, options, cache, stdin_text))
        else:
            yield _swept(done.pop(id(source)) if id(source) in done else next(results))


def _swept(result: FileResult) -> FileResult:
    """``result``, once the cycles its file's work left are collected (gc_pause.sweep_young)."""
    sweep_young()
    return result


def lint_one(source: Source, options: Options, cache: ResultCache | None = None, stdin_text: str | None = None,
             key: str | None = None) -> FileResult:
    """One source's result, from ``cache`` when it holds this file's bytes under these options."""
    if source.path == STDIN or cache is None or source.skip is not None:
        from cfnbridge.linting.runner import lint_source

        return lint_source(source, options, stdin_text if source.path == STDIN else None)
    from cfnbridge.sources import decode, read_bytes

    name, hashed = source.path, key
    if hashed is not None:  # the bytes were hashed moments ago: a hit needs no second read
        found = cache.get(hashed)
        if found is not None:
            return found
    try:
        data = read_bytes(name)
        key = cache.key(name, source.explicit, data)
        found = cache.get(key) if key != hashed else None
        if found is not None:
            return found
        text = decode(data, name)
    except CfnBridgeError as exc:
        from cfnbridge.linting.runner import _errors

        return FileResult(name, _errors(PARSE_ERROR, exc, name), status="unreadable")
    from cfnbridge.linting.runner import lint_source

    result = lint_source(source, options, text)
    if result.cacheable:
        cache.put(key, result)
    return result


def _key_of(source: Source, cache: ResultCache) -> str | None:
    from cfnbridge.sources import read_bytes

    try:
        return cache.key(source.path, source.explicit, read_bytes(source.path))
    except CfnBridgeError:
        return None  # linted (and reported) as unreadable in order


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
