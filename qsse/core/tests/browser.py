"""What every browser test shares: logging in through the real form, and the axe-core WCAG 2.1 AA
check (axe-core comes from the npm registry, installed by ``make setup``)."""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def log_in(page, live_server, username, password="pass-1234-word"):
    """Log in (by default with the factories' password) and wait for the dashboard."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def axe_violations(page) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the current page, one line per element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
