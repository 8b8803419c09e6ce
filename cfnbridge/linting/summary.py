"""Readiness: how much of each template, and of the whole set, would translate cleanly.

A resource is *ready* when no error-severity translation gap is left on it (after
suppressions). A template's score is the share of its ready resources, in percent,
halved when an error outside any resource (a Transform, an output that cannot be
expressed) blocks the template as a whole; a file that does not load scores 0. The
overall score weighs each template by its resource count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from cfnbridge.linting.runner import FileResult


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
    top_rule: str = ""


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

    @property
    def share(self) -> float:
        return self.ready / self.resources if self.resources else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["share_ready"] = round(self.share, 4)
        data["top_gaps"] = [{"rule": rule, "gap": gap, "count": count} for rule, gap, count in self.top_gaps]
        return data


def template_score(result: FileResult) -> int:
    if result.status != "ok" or not result.resources:
        return 0
    score = 100 * result.ready / result.resources
    return round(score / 2 if result.template_blocked else score)


def summarize(results: list[FileResult], top: int = 10) -> Summary:
    linted = [r for r in results if r.status != "skipped"]
    per_template = []
    gaps: Counter[tuple[str, str]] = Counter()
    weighted = weight = 0
    for result in linted:
        counts = Counter(d.severity for d in result.diagnostics)
        rules = Counter(d.rule_id for d in result.diagnostics)
        score = template_score(result)
        per_template.append(TemplateReadiness(result.file, result.status, result.resources, result.ready, score,
                                              counts["error"], counts["warning"], counts["info"],
                                              rules.most_common(1)[0][0] if rules else ""))
        gaps.update((d.rule_id, d.gap) for d in result.diagnostics if d.gap is not None)
        share = max(result.resources, 1)
        weighted += score * share
        weight += share
    return Summary(
        templates=len(linted), skipped=len(results) - len(linted),
        failed=sum(1 for r in linted if r.status != "ok"),
        resources=sum(r.resources for r in linted), ready=sum(r.ready for r in linted),
        score=round(weighted / weight) if weight else 0,
        top_gaps=[(rule, gap, count) for (rule, gap), count in gaps.most_common(top)],
        per_template=per_template,
    )


def summary_text(summary: Summary) -> str:
    """A few lines for the terminal, after the findings."""
    lines = [f"{summary.templates} template(s), {summary.resources} resource(s), "
             f"{summary.ready} ({summary.share:.0%}) translate without an error gap; readiness {summary.score}/100"]
    if summary.failed:
        lines.append(f"{summary.failed} file(s) could not be linted (CB1000/CB1001)")
    if summary.skipped:
        lines.append(f"{summary.skipped} file(s) skipped: not CloudFormation templates")
    if summary.top_gaps:
        lines.append("top gaps: " + ", ".join(f"{gap} ({rule}) x{count}" for rule, gap, count in summary.top_gaps[:5]))
    return "\n".join(lines)
