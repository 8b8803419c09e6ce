"""The readiness report: Markdown, or one self-contained HTML page (inline CSS, JS and SVG).

Both say how the score is computed, what to fix first across the portfolio (the blockers
that affect the most templates) and, per template, why it scores what it does and its
blockers with their lines. The HTML page has no network assets: it opens from a CI
artifact or a mail attachment. Its table sorts on a header click; ``#sort=score`` (or
``#sort=-score`` for descending) in the URL clicks that header on load, so a link can open
the page already sorted; each template name links to its blockers (``#t-3``).
"""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING

from cfnbridge.linting.registry import RULES

if TYPE_CHECKING:
    from cfnbridge.linting import LintResult
    from cfnbridge.linting.summary import Summary, TemplateReadiness

_COLUMNS = (("file", "Template", "text"), ("status", "Status", "text"), ("resources", "Resources", "num"),
            ("ready", "Ready", "num"), ("score", "Score", "num"), ("errors", "Errors", "num"),
            ("warnings", "Warnings", "num"), ("infos", "Info", "num"), ("why", "Why this score", "text"))
_SHOWN_BLOCKERS = 20  # per template; the lint output has the rest


def write_report(result: LintResult, path: str) -> None:
    """Write the report; the suffix (.md or .html) picks the format."""
    from cfnbridge.errors import InputError

    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".md", ".markdown"):
        text = to_markdown(result.summary, result.target)
    elif suffix in (".html", ".htm"):
        text = to_html(result.summary, result.target)
    else:
        raise InputError(f"--report {path}: use a .md or .html file name")
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write the report {path}: {exc.strerror or exc}") from None


def _summary_line(rule_id: str) -> str:
    cls = RULES.get(rule_id)
    return cls.summary if cls else "cfn-lint rule"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(summary: Summary, target: str = "hot") -> str:
    lines = [
        f"# Repatriation readiness ({target})", "",
        f"- Templates: {summary.templates} ({summary.failed} could not be linted, {summary.skipped} skipped)",
        f"- Resources: {summary.resources}, of which {summary.ready} ({summary.share:.0%}) translate without "
        "an error",
        f"- Readiness score: **{summary.score}/100**", "",
        f"How the score is computed: {summary.formula}", "",
    ]
    if summary.score_note():
        lines += [summary.score_note(), ""]
    if summary.fix_first:
        lines += ["## Fix these first", "", "Blockers by how many templates they affect.", "",
                  "| rule | gap | templates | findings | for example | summary |", "|---|---|---:|---:|---|---|"]
        lines += [f"| {f.rule} | {f.gap or ''} | {f.templates} | {f.findings} | {_md(f.example)} | "
                  f"{_summary_line(f.rule)} |" for f in summary.fix_first]
        lines.append("")
    lines += ["## Templates", "", "| template | status | resources | ready | score | errors | warnings | info | why |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    ordered = sorted(summary.per_template, key=lambda t: (t.score, t.file))
    for t in ordered:
        lines.append(f"| {_md(t.file)} | {t.status} | {t.resources} | {t.ready} | {t.score} | "
                     f"{t.errors} | {t.warnings} | {t.infos} | {_md(t.why)} |")
    blocked = [t for t in ordered if t.blockers]
    if blocked:
        lines += ["", "## Blockers by template"]
    for t in blocked:
        lines += ["", f"### {t.file}", "", f"Score {t.score} ({t.status}): {t.why}.", ""]
        for b in t.blockers[:_SHOWN_BLOCKERS]:
            more = f" ({b.places} places)" if b.places > 1 else ""
            lines.append(f"- line {b.line}:{b.column} {b.rule} {_md(b.message)}{more}")
        if len(t.blockers) > _SHOWN_BLOCKERS:
            lines.append(f"- … and {len(t.blockers) - _SHOWN_BLOCKERS} more (run cfnbridge lint on it)")
    return "\n".join(lines) + "\n"


def _chart(summary: Summary) -> str:
    """Inline SVG: templates per score band, and the overall share of ready resources."""
    bands = [0] * 5
    for t in summary.per_template:
        bands[min(t.score // 20, 4)] += 1
    tallest = max(bands) or 1
    colors = ("#c0392b", "#e67e22", "#f1c40f", "#9acd32", "#27ae60")
    labels = ("0-19", "20-39", "40-59", "60-79", "80-100")
    bars = []
    for index, count in enumerate(bands):
        height = round(140 * count / tallest)
        x = 40 + index * 70
        bars.append(f'<rect class="band" x="{x}" y="{160 - height}" width="50" height="{height}" '
                    f'fill="{colors[index]}"><title>{count} template(s) scoring {labels[index]}</title></rect>'
                    f'<text x="{x + 25}" y="{155 - height}" text-anchor="middle">{count}</text>'
                    f'<text x="{x + 25}" y="178" text-anchor="middle">{labels[index]}</text>')
    share = summary.share
    ready_width = round(340 * share)
    return (f'<svg id="readiness-chart" role="img" aria-label="Readiness chart" width="420" height="240" '
            f'viewBox="0 0 420 240" xmlns="http://www.w3.org/2000/svg">'
            f'<text x="40" y="14">Templates per readiness score</text>{"".join(bars)}'
            f'<line x1="35" y1="160" x2="390" y2="160" stroke="#555"/>'
            f'<text x="40" y="204">Resources ready: {summary.ready} of {summary.resources} ({share:.0%})</text>'
            f'<rect x="40" y="212" width="340" height="16" fill="#ddd"/>'
            f'<rect id="ready-bar" x="40" y="212" width="{ready_width}" height="16" fill="#27ae60"/></svg>')


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}h1{margin-bottom:.2em}
.cards{display:flex;gap:1em;margin:1em 0}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em}
.card b{display:block;font-size:1.6em}table{border-collapse:collapse;margin:1em 0;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}td.num{text-align:right}
th{background:#f3f3f3;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}svg text{font-size:12px}
.score{display:inline-block;height:8px;background:#27ae60;margin-right:6px}
details.blockers{margin:.4em 0}details.blockers summary{cursor:pointer}.where{color:#666;font-family:monospace}"""

_JS = """(function(){
var table=document.getElementById('templates');var body=table.tBodies[0];
function sortBy(th){var key=th.dataset.key,num=th.dataset.type==='num';
var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir);var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=a.dataset[key],y=b.dataset[key];
var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);return dir==='ascending'?c:-c;});
rows.forEach(function(r){body.appendChild(r);});}
table.querySelectorAll('th').forEach(function(th){th.addEventListener('click',function(){sortBy(th);});});
var m=/^#sort=(-?)(\\w+)$/.exec(location.hash);
if(m){var th=table.querySelector('th[data-key="'+m[2]+'"]');if(th){th.click();if(m[1]){th.click();}}}
function openHash(){var d=/^#t-\\d+$/.test(location.hash)&&document.getElementById(location.hash.slice(1));
if(d){d.open=true;d.scrollIntoView();}}
window.addEventListener('hashchange',openHash);openHash();
})();"""


def _details(index: int, t: TemplateReadiness) -> str:
    e = html.escape
    items = "".join(f'<li><span class="where">line {b.line}:{b.column}</span> <b>{e(b.rule)}</b> {e(b.message)}'
                    f"{f' ({b.places} places)' if b.places > 1 else ''}</li>" for b in t.blockers[:_SHOWN_BLOCKERS])
    if len(t.blockers) > _SHOWN_BLOCKERS:
        items += f"<li>… and {len(t.blockers) - _SHOWN_BLOCKERS} more (run cfnbridge lint on it)</li>"
    return (f'<details id="t-{index}" class="blockers"><summary>{e(t.file)}: score {t.score} ({e(t.status)}), '
            f"{len(t.blockers)} blocker(s)</summary><p>{e(t.why)}.</p><ul>{items}</ul></details>")


def to_html(summary: Summary, target: str = "hot") -> str:
    e = html.escape
    head = "".join(f'<th data-key="{key}" data-type="{kind}">{e(label)}</th>' for key, label, kind in _COLUMNS)
    rows = []
    details = []
    for index, t in enumerate(summary.per_template):
        values = {"file": t.file, "status": t.status, "resources": t.resources, "ready": t.ready, "score": t.score,
                  "errors": t.errors, "warnings": t.warnings, "infos": t.infos, "why": t.why}
        data = " ".join(f'data-{key}="{e(str(values[key]))}"' for key, _label, _kind in _COLUMNS)
        cells = []
        for key, _label, kind in _COLUMNS:
            text = e(str(values[key]))
            if key == "score":
                text = f'<span class="score" style="width:{t.score}px"></span>{text}'
            if key == "file" and t.blockers:
                text = f'<a href="#t-{index}">{text}</a>'
            cells.append(f'<td class="{kind}">{text}</td>')
        rows.append(f"<tr {data}>{''.join(cells)}</tr>")
        if t.blockers:
            details.append(_details(index, t))
    fix = "".join(f"<tr><td>{e(f.rule)}</td><td>{e(f.gap or '')}</td><td class=\"num\">{f.templates}</td>"
                  f"<td class=\"num\">{f.findings}</td><td>{e(f.example)}</td><td>{e(_summary_line(f.rule))}</td></tr>"
                  for f in summary.fix_first)
    cards = (f'<div class="cards"><div class="card"><b id="overall-score">{summary.score}</b>readiness / 100</div>'
             f'<div class="card"><b>{summary.templates}</b>templates</div>'
             f'<div class="card"><b>{summary.resources}</b>resources</div>'
             f'<div class="card"><b>{summary.share:.0%}</b>ready (no error)</div>'
             f'<div class="card"><b>{summary.failed}</b>could not be linted</div></div>')
    note = f'<p id="score-note">{e(summary.score_note())}</p>' if summary.score_note() else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Repatriation readiness</title><style>{_CSS}</style></head><body>"
            f"<h1>Repatriation readiness</h1><p>Target: {e(target)}. Click a column header to sort; click a "
            f"template to see its blockers.</p>"
            f'{cards}<p id="formula"><b>How the score is computed.</b> {e(summary.formula)}</p>{note}'
            f"{_chart(summary)}"
            f'<h2>Fix these first</h2><p>Blockers by how many templates they affect.</p><table id="fix-first">'
            f"<thead><tr><th>Rule</th><th>Gap</th><th>Templates</th><th>Findings</th><th>For example</th>"
            f"<th>Summary</th></tr></thead><tbody>{fix}</tbody></table>"
            f'<h2>Templates</h2><table id="templates"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<h2>Blockers by template</h2><div id="blockers">{"".join(details)}</div>'
            f"<script>{_JS}</script></body></html>\n")
