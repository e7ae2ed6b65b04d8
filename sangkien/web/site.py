"""The page registry: every page of the app once, in navigation order, with who may open it.

app.py builds the navigation from it; the warm-up, the benchmark and the load test visit the pages
their visitor may open (`for_role`). A page appears once its file exists. No Streamlit here, so
operations can read it without starting the framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from sangkien.core import paths

RANK = {"viewer": 1, "editor": 2, "admin": 3}  # the roles' order (sangkien.campaign.auth.RANK)


@dataclass(frozen=True)
class Page:
    section: str  # catalogue key of the navigation section
    file: str  # path from the repository's root
    title: str  # catalogue key of the title
    icon: str
    url_path: str  # "" for the default page (the overview at /)
    role: str | None = None  # None: every visitor; else the least role that sees it listed

    @property
    def exists(self) -> bool:
        return (paths.ROOT / self.file).exists()

    def open_to(self, role: str | None) -> bool:
        """Whether a visitor with `role` (None: anonymous) gets this page in the navigation."""
        return self.role is None or (role is not None and RANK[role] >= RANK[self.role])


PAGES: tuple[Page, ...] = (
    Page("nav_follow", "pages/overview.py", "page_overview", ":material/dashboard:", ""),
    Page("nav_follow", "pages/progress.py", "page_progress", ":material/bar_chart:", "tien-do"),
    Page("nav_follow", "pages/unit_detail.py", "page_unit_detail", ":material/location_city:", "don-vi"),
    Page("nav_follow", "pages/targets.py", "page_targets", ":material/flag:", "chi-tieu"),
    Page("nav_follow", "pages/leaderboards.py", "page_leaderboards", ":material/leaderboard:", "xep-hang"),
    Page("nav_follow", "pages/watchlist.py", "page_watchlist", ":material/warning:", "canh-bao"),
    Page("nav_follow", "pages/composition.py", "page_composition", ":material/pie_chart:", "thanh-phan"),
    # issue 26: two minutes side by side
    Page("nav_follow", "pages/compare.py", "page_compare", ":material/compare_arrows:", "so-sanh"),
    Page("nav_meetings", "pages/meeting.py", "page_meeting", ":material/groups:", "hoi-nghi"),
    Page("nav_meetings", "pages/emulation.py", "page_emulation", ":material/military_tech:", "thi-dua"),
    Page("nav_admin", "pages/import_data.py", "page_import", ":material/upload_file:", "nhap-du-lieu"),
    # Listed for admins only (its functions check the role anyway).
    Page("nav_admin", "pages/admin.py", "page_admin", ":material/manage_accounts:", "nguoi-dung", role="admin"),
    # issue 25: the e-mailed reports' subscriptions, listed for editors and admins (the page and
    # sangkien/campaign/subscriptions.py check the role again)
    Page("nav_admin", "pages/subscriptions.py", "page_subscriptions", ":material/forward_to_inbox:", "bao-cao-thu", role="editor"),
)


def for_role(role: str | None = None) -> list[Page]:
    """The pages a visitor with `role` (None: anonymous) gets, in navigation order."""
    return [page for page in PAGES if page.exists and page.open_to(role)]


def url_paths(role: str | None = None) -> list[str]:
    """The URL path of each page a visitor with `role` gets ("" is the overview's)."""
    return [page.url_path for page in for_role(role)]
