"""The UI string catalog: every label in Vietnamese (default) and English."""

from __future__ import annotations

LANGS = ("vi", "en")

CATALOG: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Sáng kiến — Chương trình 1 triệu sáng kiến", "en": "Sáng kiến — 1 million initiatives"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_progress": {"vi": "Tiến độ theo đơn vị", "en": "Progress by unit"},
    "page_unit_detail": {"vi": "Chi tiết đơn vị", "en": "Unit detail"},
    "page_targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "page_leaderboards": {"vi": "Xếp hạng", "en": "Leaderboards"},
    "page_watchlist": {"vi": "Cảnh báo", "en": "Watchlist"},
    "page_composition": {"vi": "Thành phần", "en": "Composition"},
    "page_meeting": {"vi": "Hội nghị khu vực", "en": "Regional meeting"},
    "page_emulation": {"vi": "Xếp loại thi đua tháng", "en": "Monthly emulation ranking"},
    "page_import": {"vi": "Nhập dữ liệu", "en": "Import data"},
    "nav_follow": {"vi": "Theo dõi", "en": "Follow"},
    "nav_meetings": {"vi": "Hội nghị", "en": "Meetings"},
    "nav_admin": {"vi": "Quản trị", "en": "Administration"},
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "campaign": {"vi": "Chương trình", "en": "Campaign"},
    "as_of_date": {"vi": "Ngày xem số liệu", "en": "As-of date"},
    "as_of_time": {"vi": "Giờ", "en": "Time"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "lang_vi": {"vi": "Tiếng Việt", "en": "Tiếng Việt"},
    "lang_en": {"vi": "English", "en": "English"},
    "latest": {"vi": "Mới nhất", "en": "Latest"},
    "freshness": {"vi": "Dữ liệu tính đến {stamp}", "en": "Data as of {stamp}"},
    "demo_badge": {"vi": "Dữ liệu mô phỏng", "en": "Simulated data (dữ liệu mô phỏng)"},
    "demo_note": {
        "vi": "Dữ liệu mô phỏng, dựng lại theo các số liệu đã công bố của Tổng LĐLĐ Việt Nam.",
        "en": "Simulated data (dữ liệu mô phỏng), rebuilt to match the figures the VGCL published.",
    },
    "building_demo": {
        "vi": "Đang dựng cơ sở dữ liệu mô phỏng lần đầu (khoảng 15 giây)…",
        "en": "Building the demo database for the first time (about 15 seconds)…",
    },
    "copy_link": {"vi": "Liên kết tới đúng màn hình này", "en": "Link to this exact view"},
    "bad_param": {
        "vi": "Tham số “{param}” trên đường dẫn không hợp lệ (“{value}”): {reason}. Đang dùng mặc định.",
        "en": "URL parameter “{param}” is invalid (“{value}”): {reason}. Using the default.",
    },
    "reason_as_of": {"vi": "cần dạng YYYY-MM-DDTHH:MM", "en": "expected YYYY-MM-DDTHH:MM"},
    "reason_choice": {"vi": "giá trị phải là một trong: {choices}", "en": "must be one of: {choices}"},
    "kpi_updated": {"vi": "Sáng kiến đã cập nhật", "en": "Initiatives updated"},
    "kpi_updated_help": {
        "vi": "Số sáng kiến đã cập nhật trên phần mềm, so với mục tiêu 1 triệu sáng kiến của chương trình.",
        "en": "Initiatives updated on the portal, against the programme's national target.",
    },
    "kpi_of_target": {"vi": "{pct} mục tiêu {target}", "en": "{pct} of the {target} target"},
    "kpi_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered targets"},
    "kpi_registered_delta": {"vi": "đã cập nhật {pct}", "en": "{pct} updated"},
    "kpi_valid": {"vi": "Sáng kiến hợp lệ", "en": "Valid initiatives"},
    "kpi_valid_delta": {"vi": "{n} đang xét duyệt", "en": "{n} under review"},
    "kpi_below_guideline": {"vi": "Đơn vị đăng ký dưới định hướng", "en": "Units registered below guideline"},
    "kpi_at_or_above": {"vi": "{n} đơn vị đạt hoặc vượt", "en": "{n} units at or above"},
    "kpi_guideline_help": {
        "vi": "Chỉ tiêu định hướng = 10% số đoàn viên (ước tính) của đơn vị.",
        "en": "Guideline target = 10% of the unit's (estimated) union members.",
    },
    "non_leader_line": {
        "vi": "**{pct}** số sáng kiến đã cập nhật là của người lao động không giữ chức vụ lãnh đạo, quản lý.",
        "en": "**{pct}** of the initiatives updated come from workers who hold no leadership or management post.",
    },
    "chart_national_title": {"vi": "Số sáng kiến cập nhật lũy kế cả nước", "en": "Cumulative initiatives updated nationwide"},
    "series_cumulative": {"vi": "Đã cập nhật (lũy kế)", "en": "Updated (cumulative)"},
    "series_pace": {"vi": "Tiến độ đều đến mục tiêu", "en": "Straight-line pace to target"},
    "series_target": {"vi": "Mục tiêu {target}", "en": "Target {target}"},
    "axis_initiatives": {"vi": "Sáng kiến", "en": "Initiatives"},
    "axis_day": {"vi": "Ngày", "en": "Day"},
    "top10_title": {"vi": "10 đơn vị dẫn đầu cả nước", "en": "Top 10 units nationwide"},
    "col_rank": {"vi": "Hạng", "en": "Rank"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_count_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "col_registered_target": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "col_achieved_registered_pct": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered"},
    "col_count_valid": {"vi": "Hợp lệ", "en": "Valid"},
    "empty_before_open": {
        "vi": "Chưa có số liệu: cổng trực tuyến mở ngày {open}. Hãy chọn thời điểm sau ngày này.",
        "en": "No data yet: the portal opened on {open}. Choose a later moment.",
    },
    "no_database": {
        "vi": "Không mở được cơ sở dữ liệu {path}: {error}",
        "en": "Could not open the database {path}: {error}",
    },
    "kind_province": {"vi": "LĐLĐ tỉnh, thành phố", "en": "Provincial federations"},
    "kind_sector": {"vi": "Công đoàn ngành Trung ương", "en": "Central sector unions"},
    "kind_corporation": {"vi": "Công đoàn Tập đoàn, Tổng Công ty", "en": "Corporate unions"},
    "kind_all": {"vi": "Tất cả đơn vị", "en": "All units"},
    "unit_kind": {"vi": "Loại đơn vị", "en": "Unit kind"},
    "group": {"vi": "Vùng, cụm hoặc nhóm", "en": "Region, cluster or group"},
    "group_all": {"vi": "Cả nước", "en": "Nationwide"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "unit_none": {"vi": "— chọn đơn vị —", "en": "— choose a unit —"},
    "provinces_view": {"vi": "Địa giới tỉnh", "en": "Province boundaries"},
    "provinces_63": {"vi": "63 tỉnh, thành (2022)", "en": "63 provinces (2022)"},
    "provinces_34": {"vi": "34 tỉnh, thành (sau sáp nhập 2025)", "en": "34 provinces (after the 2025 merger)"},
    "empty_no_units": {"vi": "Không có đơn vị nào trong phạm vi đã chọn.", "en": "No unit in the chosen scope."},
    # --- page: progress (Tiến độ theo đơn vị, unit detail) ---
    # --- page: targets (Chỉ tiêu) ---
    # --- page: leaderboards (Xếp hạng) ---
    # --- page: watchlist (Cảnh báo) ---
    # --- page: composition (Thành phần) ---
    # --- page: import (Nhập dữ liệu) ---
    # --- page: meeting (Hội nghị) ---
}


def t(key: str, lang: str = "vi", **values) -> str:
    """Look up a UI string; unknown keys fail loudly in tests rather than showing a raw key."""
    entry = CATALOG[key]
    text = entry.get(lang) or entry["vi"]
    return text.format(**values) if values else text
