"""Run axe-core accessibility checks in a Playwright page.

axe.min.js is evaluated through the DevTools protocol (as @axe-core/playwright
does), which a page's Content-Security-Policy does not block, so contexts need
no `bypass_csp=True`. (Injecting it with page.add_script_tag would add an
inline <script>, which a CSP without 'unsafe-inline' blocks.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tests.support.tools import axe_js_path

if TYPE_CHECKING:
    from playwright.sync_api import Page

DEFAULT_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_RUN_AXE = """
async (options) => {
  const results = await window.axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => n.target.map(String).join(" >>> ")),
    html: v.nodes.map((n) => n.html),
  }));
}
"""


def inject_axe(page: Page) -> None:
    """Load axe-core into the page unless it is already there."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    path = axe_js_path()
    if path is None:
        raise RuntimeError("axe-core missing; run scripts/install-test-tools.sh")
    page.evaluate(path.read_text(encoding="utf-8"))


def run_axe(page: Page, tags: Sequence[str] = DEFAULT_TAGS) -> list[dict[str, Any]]:
    """Run axe on the page's document for the given rule tags; return the violations.

    Each violation is {"id", "impact", "help", "helpUrl", "nodes", "html"}:
    "nodes" lists the CSS selectors of the failing elements, "html" their markup.
    """
    inject_axe(page)
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return list(page.evaluate(_RUN_AXE, options))


def format_violations(violations: Sequence[dict[str, Any]]) -> str:
    """Render violations readably for assertion messages."""
    lines: list[str] = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')}")
        snippets = v.get("html", [])
        for i, target in enumerate(v.get("nodes", [])):
            html = snippets[i][:200] if i < len(snippets) else ""
            lines.append(f"    {target}: {html}".rstrip())
    return "\n".join(lines)
