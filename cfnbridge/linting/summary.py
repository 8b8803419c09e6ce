"""Readiness: how much of each template, and of the whole set, would translate cleanly.

The rule is :data:`FORMULA`, printed in every report so that a score can be checked by
hand. Each template also says in words why its score is what it is (``why``), lists its
blockers (its error findings, with lines), and the portfolio lists the blockers that
affect the most templates: the ones to fix first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from cfnbridge.linting.results import FileResult

FORMULA = ("A resource is ready when no error-level translation gap or AWS-validity error (CB0xxx) is left on "
           "it. A template scores the percent of its resources "
           "that are ready, halved when an error outside any resource (a Transform, an output that cannot be "
           "expressed) blocks the template as a whole; a file that cannot be linted scores 0. The overall score "
           "is the mean of the template scores, each weighted by its resource count.")


@dataclass(frozen=True)
class Blocker:
    """One error finding of a template, as a report lists it."""

    rule: str
    line: int
    column: int
    message: str
    resource: str | None = None
    places: int = 1


@dataclass(frozen=True)
class FixFirst:
    """A kind of blocker, by how many templates it blocks."""

    rule: str
    gap: str | None
    templates: int
    findings: int
    example: str


@dataclass(frozen=True)
class TemplateReadiness:
    file: str
    status: str
    resources: int
    ready: int
    score: int
    errors: int
    warnings: int
    infos: int
    why: str = ""
    blockers: tuple[Blocker, ...] = ()


@dataclass
class Summary:
    templates: int
    skipped: int
    failed: int
    resources: int
    ready: int
    score: int
    top_gaps: list[tuple[str, str, int]] = field(default_factory=list)
    per_template: list[TemplateReadiness] = field(default_factory=list)
    fix_first: list[FixFirst] = field(default_factory=list)
    formula: str = FORMULA
    # (halved, failed, empty) counted while streaming, when there is no per-template list
    reasons: ClassVar[tuple[int, int, int] | None] = None

    @property
    def share(self) -> float:
        return self.ready / self.resources if self.resources else 0.0

    def score_note(self) -> str:
        """Why the overall score differs from the share of ready resources ('' when it does not)."""
        if self.score == round(100 * self.share):
            return ""
        halved, failed, empty = self.reasons if self.reasons is not None else _reasons(self.per_template)
        reasons = [f"{count} {what}" for count, what in (
            (halved, "template(s) halved by an error that blocks the whole template"),
            (failed, "file(s) that could not be linted (score 0)"),
            (empty, "template(s) without resources (score 0)")) if count]
        reasons = reasons or ["rounding of each template's score"]
        return (f"The score ({self.score}) differs from the share of ready resources ({self.share:.0%}) because of "
                + "; ".join(reasons) + ".")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["share_ready"] = round(self.share, 4)
        data["score_note"] = self.score_note()
        data["top_gaps"] = [{"rule": rule, "gap": gap, "count": count} for rule, gap, count in self.top_gaps]
        return data


def _reasons(templates: list[TemplateReadiness]) -> tuple[int, int, int]:
    return (sum(1 for t in templates if t.status == "blocked" and t.ready),
            sum(1 for t in templates if t.status in ("unreadable", "invalid")),
            sum(1 for t in templates if t.status == "ok" and not t.resources))


def template_score(result: FileResult) -> int:
    if result.status != "ok" or not result.resources:
        return 0
    score = 100 * result.ready / result.resources
    return round(score / 2 if result.template_blocked else score)


def _status_and_why(result: FileResult, score: int, blockers: tuple[Blocker, ...]) -> tuple[str, str]:
    """A status that says what the score says, and the score in words."""
    if result.status != "ok":
        first = blockers[0] if blockers else None
        where = f" (line {first.line}: {first.message})" if first else ""
        return result.status, f"the file could not be linted{where}; it scores 0"
    if not result.resources:
        return "blocked", "the template has no resources; it scores 0"
    share = f"{result.ready} of {result.resources} resources ready ({100 * result.ready / result.resources:.0f}%)"
    if result.template_blocked:
        first = next((b for b in blockers if b.resource is None), None)
        where = f": {first.rule} at line {first.line}" if first else ""
        if not result.ready:
            return "blocked", f"{share}; an error also blocks the whole template{where}"
        return "blocked", f"{share}, halved to {score} because an error blocks the whole template{where}"
    if score == 100:
        return "ready", f"{share}"
    return ("blocked" if not result.ready else "partial"), f"{share}; {len(blockers)} blocker(s)"


def summarize(results: list[FileResult], top: int = 10) -> Summary:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.summary(top)


class Tally:
    """The summary built one file at a time, keeping only what it reports (not the findings).

    With ``per_template=False`` it keeps nothing per file, so a streamed run's memory stays
    flat; the summary then lists no templates.
    """

    def __init__(self, per_template: bool = True) -> None:
        self.keep = per_template
        self.per_template: list[TemplateReadiness] = []
        self.gaps: Counter[tuple[str, str]] = Counter()
        self.kinds: dict[tuple[str, str | None], list[Any]] = {}
        self.templates = self.skipped = self.failed = self.resources = self.ready = 0
        self.weighted = self.weight = 0
        self.reasons: tuple[int, ...] = (0, 0, 0)

    def add(self, result: FileResult) -> None:
        if result.status == "skipped":
            self.skipped += 1
            return
        self.templates += 1
        self.failed += result.status != "ok"
        self.resources += result.resources
        self.ready += result.ready
        score = template_score(result)
        errors = sorted((d for d in result.diagnostics if d.severity == "error"), key=lambda d: (d.line, d.column))
        counts = Counter(d.severity for d in result.diagnostics)
        blockers = tuple(Blocker(d.rule_id, d.line, d.column, d.message, d.resource, d.count) for d in errors)
        status, why = _status_and_why(result, score, blockers)
        readiness = TemplateReadiness(result.file, status, result.resources, result.ready, score, counts["error"],
                                      counts["warning"], counts["info"], why, blockers)
        self.reasons = tuple(map(sum, zip(self.reasons, _reasons([readiness]), strict=True)))
        if self.keep:
            self.per_template.append(readiness)
        seen = set()
        for d in errors:
            entry = self.kinds.setdefault((d.rule_id, d.gap), [0, 0, d.message])
            if (d.rule_id, d.gap) not in seen:
                seen.add((d.rule_id, d.gap))
                entry[0] += 1
            entry[1] += d.count
        self.gaps.update((d.rule_id, d.gap) for d in result.diagnostics if d.gap is not None)
        share = max(result.resources, 1)
        self.weighted += score * share
        self.weight += share

    def summary(self, top: int = 10) -> Summary:
        summary = Summary(
            templates=self.templates, skipped=self.skipped, failed=self.failed, resources=self.resources,
            ready=self.ready, score=round(self.weighted / self.weight) if self.weight else 0,
            top_gaps=[(rule, gap, count) for (rule, gap), count in self.gaps.most_common(top)],
            per_template=self.per_template,
            fix_first=sorted((FixFirst(rule, gap, files, findings, example)
                              for (rule, gap), (files, findings, example) in self.kinds.items()),
                             key=lambda f: (-f.templates, -f.findings, f.rule))[:top],
        )
        if not self.keep:
            summary.reasons = (self.reasons[0], self.reasons[1], self.reasons[2])
        return summary


def summary_text(summary: Summary) -> str:
    """A few lines for the terminal, after the findings."""
    lines = [f"{summary.templates} template(s), {summary.resources} resource(s), "
             f"{summary.ready} ({summary.share:.0%}) translate without an error; readiness {summary.score}/100"]
    note = summary.score_note()
    if note:
        lines.append(note)
    if summary.failed:
        lines.append(f"{summary.failed} file(s) could not be linted (CB1000/CB1001)")
    if summary.skipped:
        lines.append(f"{summary.skipped} file(s) skipped: not CloudFormation templates")
    if summary.fix_first:
        lines.append("fix first: " + ", ".join(f"{f.rule}{f' ({f.gap})' if f.gap else ''} in {f.templates} "
                                               f"template(s)" for f in summary.fix_first[:5]))
    return "\n".join(lines)
