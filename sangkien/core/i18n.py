"""The UI string catalog: every label in Vietnamese (default) and English."""

from __future__ import annotations

import functools
import numbers
import re
import string

from sangkien.core import safe
from sangkien.core.safe import Markup

LANGS = ("vi", "en")

CATALOG: dict[str, dict[str, str]] = {
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
    "prog_kind_help": {
        "vi": "Mỗi loại đơn vị được so sánh riêng; bản đồ ô và cách xem 63/34 tỉnh chỉ áp dụng cho LĐLĐ tỉnh, thành phố.",
        "en": "Each kind of unit is compared on its own; the tile map and the 63/34 view apply to provincial federations only.",
    },
    "prog_click_hint": {
        "vi": "Bấm vào một ô hoặc một thanh để mở trang chi tiết của đơn vị.",
        "en": "Click a tile or a bar to open the unit's detail page.",
    },
    "prog_click_hint_bars": {
        "vi": "Bấm vào một thanh để mở trang chi tiết của đơn vị.",
        "en": "Click a bar to open the unit's detail page.",
    },
    "prog_click_hint_34": {
        "vi": "Bấm vào một ô hoặc một thanh để xem các tỉnh cũ hợp thành tỉnh mới và mở chi tiết từng tỉnh.",
        "en": "Click a tile or a bar to see the former provinces a merged one is made of and open their detail.",
    },
    "prog_bars_title": {"vi": "Tỷ lệ hoàn thành chỉ tiêu đăng ký", "en": "Share of the registered target achieved"},
    "prog_axis_pct": {"vi": "% chỉ tiêu đăng ký đã đạt", "en": "% of registered target achieved"},
    "prog_line_target": {"vi": "100% chỉ tiêu đăng ký", "en": "100% of the registered target"},
    "prog_line_pace": {"vi": "Tiến độ dự kiến đến nay ({pct})", "en": "Expected pace to date ({pct})"},
    "prog_hover_of_registered": {"vi": "chỉ tiêu đăng ký", "en": "of the registered target"},
    "prog_hover_counts": {"vi": "Đã cập nhật {count} / chỉ tiêu {target}", "en": "Updated {count} / target {target}"},
    "prog_tiles_title_63": {"vi": "Bản đồ ô 63 tỉnh, thành", "en": "Tile map, 63 provinces"},
    "prog_tiles_title_34": {"vi": "Bản đồ ô 34 tỉnh, thành (2025)", "en": "Tile map, 34 provinces (2025)"},
    "prog_tiles_out_of_scope": {"vi": "ngoài phạm vi đang xem", "en": "outside the chosen scope"},
    "prog_members_title": {
        "vi": "**{name}** (sau sáp nhập 2025) gồm {n} tỉnh, thành cũ:",
        "en": "**{name}** (after the 2025 merger) is made of {n} former provinces:",
    },
    "prog_open_unit": {"vi": "Mở chi tiết: {name}", "en": "Open the detail: {name}"},
    "prog_table_title": {"vi": "Số liệu từng đơn vị", "en": "Figures for every unit"},
    "prog_table_caption": {
        "vi": "Số đoàn viên là số ước tính: tỷ lệ trên 1.000 đoàn viên và chỉ tiêu định hướng (10% số đoàn viên) chỉ để so sánh tương đối.",
        "en": "Union membership is an estimate: the rate per 1,000 members and the guideline target (10% of members) are for "
        "relative comparison only.",
    },
    "prog_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "prog_col_province_2025": {"vi": "Tỉnh, thành (2025)", "en": "Province (2025)"},
    "prog_col_count_units": {"vi": "Số tỉnh cũ", "en": "Former provinces"},
    "prog_col_count_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "prog_col_achieved": {"vi": "% chỉ tiêu ĐK", "en": "% of registered"},
    "prog_col_progress": {"vi": "Tiến độ", "en": "Progress"},
    "prog_help_progress": {"vi": "Thanh đầy là đạt 100% chỉ tiêu đăng ký.", "en": "A full bar is 100% of the registered target."},
    "prog_col_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "prog_col_guideline": {"vi": "Chỉ tiêu định hướng", "en": "Guideline target"},
    "prog_col_per_1000": {"vi": "Trên 1.000 đoàn viên*", "en": "Per 1,000 members*"},
    "prog_col_change_7d": {"vi": "Tăng trong 7 ngày", "en": "Change, last 7 days"},
    "prog_help_achieved": {
        "vi": "Số đã cập nhật chia cho chỉ tiêu đăng ký.",
        "en": "Initiatives updated divided by the registered target.",
    },
    "prog_help_guideline": {"vi": "10% số đoàn viên (ước tính) của đơn vị.", "en": "10% of the unit's (estimated) union members."},
    "prog_help_per_1000": {
        "vi": "Sáng kiến đã cập nhật trên 1.000 đoàn viên. Số đoàn viên là số ước tính.",
        "en": "Initiatives updated per 1,000 union members. Membership is an estimate.",
    },
    "prog_help_change_7d": {
        "vi": "Số đã cập nhật tại thời điểm xem trừ số đã cập nhật đúng 7 ngày trước đó.",
        "en": "Updated at the chosen moment minus updated exactly 7 days earlier.",
    },
    "ud_prompt": {
        "vi": "Chọn một đơn vị ở ô “Đơn vị” phía trên, hoặc bấm vào một ô, một thanh trên trang Tiến độ theo đơn vị.",
        "en": "Choose a unit in the “Unit” box above, or click a tile or a bar on the Progress by unit page.",
    },
    "ud_open_progress": {"vi": "Mở trang Tiến độ theo đơn vị", "en": "Open Progress by unit"},
    "ud_no_data": {"vi": "Không có số liệu của đơn vị này trong phạm vi đang xem.", "en": "No figures for this unit in the chosen scope."},
    "ud_metric_count": {"vi": "Đã cập nhật", "en": "Updated"},
    "ud_delta_7d": {"vi": "{n} trong 7 ngày", "en": "{n} in 7 days"},
    "ud_metric_achieved": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered"},
    "ud_metric_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "ud_delta_guideline": {"vi": "định hướng {n}", "en": "guideline {n}"},
    "ud_metric_rank": {"vi": "Hạng trong loại", "en": "Rank in kind"},
    "ud_help_rank": {
        "vi": "Xếp theo số đã cập nhật trong {kind}; dòng dưới là hạng trong tất cả các đơn vị. Bằng số thì cùng hạng.",
        "en": "By initiatives updated among {kind}; the line below is the rank among all units. Ties share a rank.",
    },
    "ud_delta_rank_overall": {"vi": "{rank}/{n} mọi đơn vị", "en": "{rank}/{n} all units"},
    "ud_metric_non_leader": {"vi": "Không giữ chức vụ", "en": "Non-leaders"},
    "ud_help_non_leader": {
        "vi": "Tỷ lệ sáng kiến của người lao động không giữ chức vụ lãnh đạo, quản lý.",
        "en": "Share of initiatives from workers who hold no leadership or management post.",
    },
    "ud_delta_non_leader": {"vi": "{n} sáng kiến", "en": "{n} initiatives"},
    "ud_members_line": {
        "vi": "{rate} sáng kiến trên 1.000 đoàn viên · số đoàn viên ước tính: {members} · chỉ tiêu định hướng = 10% số đoàn viên.",
        "en": "{rate} initiatives per 1,000 members · estimated members: {members} · guideline target = 10% of members.",
    },
    "prog_series_unit_pace": {"vi": "Tiến độ đều đến chỉ tiêu đăng ký", "en": "Straight-line pace to the registered target"},
    "prog_series_daily": {"vi": "Cập nhật trong ngày", "en": "Updated that day"},
    "prog_series_rank": {"vi": "Hạng", "en": "Rank"},
    "prog_line_registered": {"vi": "Chỉ tiêu đăng ký {target}", "en": "Registered target {target}"},
    "prog_unit_cum_title": {"vi": "Lũy kế sáng kiến đã cập nhật", "en": "Cumulative initiatives updated"},
    "prog_unit_daily_title": {"vi": "Sáng kiến cập nhật mỗi ngày", "en": "Initiatives updated per day"},
    "prog_unit_status_title": {"vi": "Tình trạng xét duyệt", "en": "Review status"},
    "prog_unit_grassroots_title": {"vi": "10 công đoàn cơ sở nhiều sáng kiến nhất", "en": "Top 10 grassroots unions"},
    "prog_unit_rank_title": {"vi": "Thứ hạng theo tuần trong {kind}", "en": "Weekly rank among {kind}"},
    "prog_axis_rank": {"vi": "Hạng", "en": "Rank"},
    "prog_hover_rank": {"vi": "hạng", "en": "rank"},
    "prog_status_awaiting_review": {"vi": "Chờ xét duyệt", "en": "Awaiting review"},
    "prog_status_under_review": {"vi": "Đang xét duyệt", "en": "Under review"},
    "prog_status_invalid": {"vi": "Không hợp lệ", "en": "Invalid"},
    "prog_status_valid": {"vi": "Hợp lệ, chưa áp dụng", "en": "Valid, not yet applied"},
    "prog_status_applied": {"vi": "Đã áp dụng, chưa khen", "en": "Applied, not yet rewarded"},
    "prog_status_rewarded": {"vi": "Đã khen thưởng", "en": "Rewarded"},
    "prog_kind_in_province": {"vi": "các LĐLĐ tỉnh, thành phố", "en": "the provincial federations"},
    "prog_kind_in_sector": {"vi": "các Công đoàn ngành Trung ương", "en": "the central sector unions"},
    "prog_kind_in_corporation": {"vi": "các Công đoàn Tập đoàn, Tổng Công ty", "en": "the corporate unions"},
    # --- page: targets (Chỉ tiêu) ---
    "tg_scope": {"vi": "{n} đơn vị trong phạm vi đang xem", "en": "{n} units in the chosen scope"},
    "tg_guideline_header": {"vi": "Chỉ tiêu đăng ký so với chỉ tiêu định hướng", "en": "Registered targets against the guideline"},
    "tg_guideline_note": {
        "vi": "Chỉ tiêu định hướng = 10% số đoàn viên, công nhân, viên chức, lao động của đơn vị. "
        "Số đoàn viên là số **ước tính**, nên chỉ tiêu định hướng và mức chênh lệch cũng là ước tính.",
        "en": "Guideline target = 10% of the unit's union members and workers. "
        "Member numbers are **estimates**, so the guideline and the margins are estimates too.",
    },
    "tg_guideline_note_short": {
        "vi": "Chỉ tiêu định hướng = 10% số đoàn viên (ước tính).",
        "en": "Guideline = 10% of the (estimated) members.",
    },
    "tg_kpi_registered": {"vi": "Tổng chỉ tiêu đăng ký", "en": "Total registered target"},
    "tg_kpi_registered_delta": {"vi": "định hướng {guideline}", "en": "guideline {guideline}"},
    "tg_kpi_at_or_above": {"vi": "Đăng ký đạt hoặc vượt định hướng", "en": "Registered at or above guideline"},
    "tg_kpi_below": {"vi": "Đăng ký thấp hơn định hướng", "en": "Registered below guideline"},
    "tg_kpi_units": {"vi": "{n}/{total} đơn vị", "en": "{n}/{total} units"},
    "tg_summary_over": {
        "vi": "**{n}/{total}** đơn vị đăng ký vượt chỉ tiêu định hướng: {names}.",
        "en": "**{n}/{total}** units registered more than the guideline: {names}.",
    },
    "tg_summary_below": {
        "vi": "**{n}/{total}** đơn vị đăng ký thấp hơn chỉ tiêu định hướng: {names}.",
        "en": "**{n}/{total}** units registered below the guideline: {names}.",
    },
    "tg_summary_more": {"vi": "{names} và {n} đơn vị khác", "en": "{names} and {n} more"},
    "tg_chart_margin_title": {
        "vi": "Chỉ tiêu đăng ký trừ chỉ tiêu định hướng (sáng kiến)",
        "en": "Registered target minus guideline target (initiatives)",
    },
    "tg_axis_margin": {"vi": "Chênh lệch so với định hướng", "en": "Margin over the guideline"},
    "tg_legend_over": {"vi": "Đạt hoặc vượt định hướng", "en": "At or above guideline"},
    "tg_legend_under": {"vi": "Thấp hơn định hướng", "en": "Below guideline"},
    "tg_table_above": {"vi": "Đạt hoặc vượt định hướng ({n})", "en": "At or above the guideline ({n})"},
    "tg_table_below": {"vi": "Thấp hơn định hướng ({n})", "en": "Below the guideline ({n})"},
    "tg_none": {"vi": "Không có đơn vị nào.", "en": "No unit."},
    "tg_achieved_header": {"vi": "Kết quả cập nhật so với chỉ tiêu đăng ký", "en": "Initiatives updated against the registered target"},
    "tg_achieved_note": {
        "vi": "Mỗi đơn vị thuộc một mức theo tỷ lệ số sáng kiến đã cập nhật trên chỉ tiêu đã đăng ký.",
        "en": "Each unit falls in one band by its initiatives updated as a share of its registered target.",
    },
    "tg_band_lt25": {"vi": "Dưới 25%", "en": "Under 25%"},
    "tg_band_25_50": {"vi": "25% – dưới 50%", "en": "25% to under 50%"},
    "tg_band_50_100": {"vi": "50% – dưới 100%", "en": "50% to under 100%"},
    "tg_band_ge100": {"vi": "Từ 100% trở lên", "en": "100% or more"},
    "tg_band_short_lt25": {"vi": "< 25%", "en": "< 25%"},
    "tg_band_short_25_50": {"vi": "25–50%", "en": "25–50%"},
    "tg_band_short_50_100": {"vi": "50–100%", "en": "50–100%"},
    "tg_band_short_ge100": {"vi": "≥ 100%", "en": "≥ 100%"},
    "tg_region_TW": {"vi": "Khối Trung ương", "en": "Central unions"},
    "tg_chart_bands_region": {"vi": "Số đơn vị theo mức đạt, theo vùng", "en": "Units by band, by region"},
    "tg_chart_bands_kind": {"vi": "Số đơn vị theo mức đạt, theo loại đơn vị", "en": "Units by band, by unit kind"},
    "tg_col_guideline_short": {"vi": "Định hướng", "en": "Guideline"},
    "tg_col_registered_short": {"vi": "Đăng ký", "en": "Registered"},
    "tg_table_achieved": {"vi": "Từng đơn vị, đạt nhiều nhất trước", "en": "Every unit, highest share first"},
    "tg_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "tg_col_members_estimate": {"vi": "Đoàn viên (ước tính)", "en": "Members (estimate)"},
    "tg_col_registered_target": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "tg_col_registered_minus_guideline": {"vi": "Chênh lệch", "en": "Margin"},
    "tg_col_count_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "tg_col_achieved_registered_pct": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered"},
    "tg_col_submitted_minus_registered": {"vi": "Vượt (+) / còn thiếu (−)", "en": "Over (+) / short (−)"},
    "tg_col_achieved_band": {"vi": "Mức đạt", "en": "Band"},
    # --- page: leaderboards (Xếp hạng) ---
    "lb_metric": {"vi": "Xếp hạng theo", "en": "Rank by"},
    "lb_metric_count_submitted": {"vi": "Số đã cập nhật", "en": "Updated"},
    "lb_metric_count_valid": {"vi": "Số hợp lệ", "en": "Valid"},
    "lb_metric_count_per_1000_members": {"vi": "Trên 1.000 đoàn viên", "en": "Per 1,000 members"},
    "lb_metric_achieved_registered_pct": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered target"},
    "lb_metric_change_submitted_7d": {"vi": "Tăng trong 7 ngày", "en": "Growth in 7 days"},
    "lb_help_count_submitted": {
        "vi": "Số sáng kiến đã cập nhật trên phần mềm.",
        "en": "Initiatives updated on the portal.",
    },
    "lb_help_count_valid": {
        "vi": "Số sáng kiến đã được xét duyệt là hợp lệ.",
        "en": "Initiatives reviewed and found valid.",
    },
    "lb_help_count_per_1000_members": {
        "vi": "Số sáng kiến đã cập nhật trên 1.000 đoàn viên. Số đoàn viên là số ước tính.",
        "en": "Initiatives updated per 1,000 union members. Member numbers are estimates.",
    },
    "lb_help_achieved_registered_pct": {
        "vi": "Số sáng kiến đã cập nhật so với chỉ tiêu đơn vị đã đăng ký.",
        "en": "Initiatives updated as a share of the unit's registered target.",
    },
    "lb_help_change_submitted_7d": {
        "vi": "Số đã cập nhật tính đến thời điểm xem trừ số đã cập nhật tính đến {since}.",
        "en": "Updated by the chosen moment minus updated by {since}.",
    },
    "lb_scope": {"vi": "Xếp hạng trong: {scope} ({n} đơn vị)", "en": "Ranked among: {scope} ({n} units)"},
    "lb_scope_all": {"vi": "cả nước, tất cả đơn vị", "en": "all units nationwide"},
    "lb_group_ignored": {
        "vi": "Bảng xếp hạng tính trên cả nước hoặc theo loại đơn vị; bộ lọc vùng, cụm, nhóm không áp dụng ở trang này.",
        "en": "Leaderboards rank nationwide or within a unit kind; the region, cluster or group filter does not apply here.",
    },
    "lb_top": {"vi": "{n} đơn vị dẫn đầu", "en": "Top {n}"},
    "lb_bottom": {"vi": "{n} đơn vị cuối bảng", "en": "Bottom {n}"},
    "lb_full": {"vi": "Bảng xếp hạng đầy đủ", "en": "Full ranking"},
    "lb_ties": {
        "vi": "Các đơn vị bằng nhau cùng chung một hạng, nên một bảng có thể dài hơn {n} dòng.",
        "en": "Units with equal values share a rank, so a board may run longer than {n} rows.",
    },
    "lb_col_rank": {"vi": "Hạng", "en": "Rank"},
    "lb_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "lb_chart_title": {"vi": "{board}: {metric}", "en": "{board}: {metric}"},
    "lb_empty": {"vi": "Chưa có đơn vị nào có số liệu cho chỉ số này.", "en": "No unit has a value for this metric yet."},
    # --- page: watchlist (Cảnh báo) ---
    "wl_set_band": {"vi": "Mức trung bình cả nước: trong khoảng ± (%)", "en": "National average band: within ± (%)"},
    "wl_set_band_help": {
        "vi": "Tỷ lệ cập nhật của đơn vị được coi là “ở mức trung bình cả nước” khi lệch không quá ngần này so với tỷ lệ của cả nước.",
        "en": "A unit's update rate counts as “about the national average” when it is within this much of the national rate.",
    },
    "wl_set_peers": {"vi": "Số đơn vị cùng quy mô để so tiềm năng", "en": "Similar-size units that set the potential"},
    "wl_set_quantile": {"vi": "Tiềm năng là mức nào của các đơn vị đó", "en": "Potential is which level of those units"},
    "wl_set_summary": {"vi": "Số đơn vị ở phần ưu tiên", "en": "Units in the priority list"},
    "wl_quantile_100": {"vi": "đơn vị tốt nhất", "en": "the best unit"},
    "wl_quantile_90": {"vi": "mức phân vị 90%", "en": "the 90th percentile"},
    "wl_quantile_75": {"vi": "mức phân vị 75% (tứ phân vị trên)", "en": "the upper quartile (75th percentile)"},
    "wl_quantile_50": {"vi": "mức trung vị", "en": "the median"},
    "wl_in_view": {
        "vi": "Đang xem {n} đơn vị: chỉ tiêu đăng ký {registered}, đã cập nhật {count} ({pct}).",
        "en": "{n} units in view: registered targets {registered}, updated {count} ({pct}).",
    },
    "wl_help_below_average": {
        "vi": "Tỷ lệ đạt thấp hơn hẳn trung vị của các đơn vị cùng khối (và thuộc nhóm một phần tư thấp nhất).",
        "en": "Share achieved far below the median of the units of its kind (and in its lowest quarter).",
    },
    "wl_help_below_potential_at_average": {
        "vi": "Tỷ lệ cập nhật ở mức trung bình cả nước, nhưng số sáng kiến/1.000 đoàn viên thấp hơn tiềm năng theo quy mô.",
        "en": "Update rate at the national average, but initiatives per 1,000 members below the potential for its size.",
    },
    "wl_help_below_guideline": {
        "vi": "Chỉ tiêu đăng ký thấp hơn chỉ tiêu định hướng (10% số đoàn viên, ước tính).",
        "en": "Registered target below the guideline target (10% of members, an estimate).",
    },
    "wl_show_reasons": {"vi": "Hiện các đơn vị có lý do", "en": "Show units with the reasons"},
    "wl_label_below_average": {"vi": "Thấp hơn hẳn mặt bằng", "en": "Well below the others"},
    "wl_label_below_potential_at_average": {"vi": "Trung bình, dưới tiềm năng", "en": "At average, below potential"},
    "wl_label_stalled": {"vi": "Ngừng cập nhật", "en": "Stalled"},
    "wl_label_below_guideline": {"vi": "Dưới định hướng", "en": "Below guideline"},
    "wl_kind_province": {"vi": "LĐLĐ tỉnh, thành phố", "en": "provincial federations"},
    "wl_kind_sector": {"vi": "công đoàn ngành Trung ương", "en": "central sector unions"},
    "wl_kind_corporation": {"vi": "công đoàn Tập đoàn, Tổng Công ty", "en": "corporate unions"},
    "wl_summary_title": {"vi": "Ưu tiên: {n} đơn vị cần gọi trước", "en": "Priority: the {n} units to call first"},
    # the priority list cut at its length: how many are listed in all, and where the rest are
    "wl_summary_title_cut": {
        "vi": "Ưu tiên gọi trước: {n} trong {total} đơn vị cần lưu ý",
        "en": "Priority: the first {n} of the {total} units to watch",
    },
    "wl_summary_rest": {
        "vi": "{rest} đơn vị còn lại ở mục “{list}” bên dưới; ô “{field}” ở phần ngưỡng phía trên đổi số đơn vị hiện ở đây.",
        "en": "The other {rest} are under “{list}” below; “{field}” in the thresholds above sets how many show here.",
    },
    "wl_severity": {
        "vi": "Điểm ưu tiên {score} trên thang 0–130 (càng cao càng cần gọi trước)",
        "en": "Priority score {score} on a 0–130 scale (higher: call sooner)",
    },
    "wl_list_title": {"vi": "Tất cả đơn vị cần lưu ý và lý do", "en": "Every unit to watch and why"},
    "wl_col_rank": {"vi": "Thứ tự", "en": "Rank"},
    "wl_col_reason": {"vi": "Lý do", "en": "Reason"},
    "wl_col_severity": {"vi": "Điểm ưu tiên", "en": "Priority score"},
    "wl_col_detail": {"vi": "Chi tiết", "en": "Details"},
    "wl_none_flagged": {
        "vi": "Không có đơn vị nào cần lưu ý với các ngưỡng đang chọn.",
        "en": "No unit needs attention with the chosen thresholds.",
    },
    "wl_reason_rate_about": {
        "vi": "**Cập nhật ở mức trung bình cả nước, thấp hơn tiềm năng.** Đạt {pct} chỉ tiêu đăng ký ({count}/{target}); "
        "cả nước {national} (mức trung bình: {low}–{high}). Mới có {per1000} sáng kiến/1.000 đoàn viên, "
        "trong khi {benchmark}: với quy mô của đơn vị là khoảng {count_potential} sáng kiến.",
        "en": "**Updating at about the national average, below its potential.** {pct} of the registered target ({count}/{target}); "
        "nationwide {national} (about average: {low}–{high}). Only {per1000} initiatives per 1,000 members, "
        "while {benchmark}: for this unit's size, about {count_potential} initiatives.",
    },
    "wl_reason_below_average": {
        "vi": "**Thấp hơn hẳn mặt bằng các {kind}.** Đạt {pct} chỉ tiêu đăng ký ({count}/{target}), "
        "chỉ bằng {ratio} mức trung vị {median} của {n} {kind}.",
        "en": "**Well below the other {kind}.** {pct} of the registered target ({count}/{target}), "
        "only {ratio} of the median {median} of the {n} {kind}.",
    },
    "wl_bench_best": {
        "vi": "{peer} (tốt nhất trong {k} đơn vị cùng khối có số đoàn viên gần nhất) đạt {potential}",
        "en": "{peer} (the best of the {k} units of the same kind closest in membership) reaches {potential}",
    },
    "wl_bench_quantile": {
        "vi": "{q} của {k} đơn vị cùng khối có số đoàn viên gần nhất là {potential}",
        "en": "{q} of the {k} units of the same kind closest in membership is {potential}",
    },
    "wl_reason_guideline": {
        "vi": "**Đăng ký thấp hơn chỉ tiêu định hướng.** Chỉ tiêu đăng ký {registered}, định hướng {guideline} "
        "({ratio} của {members} đoàn viên, ước tính): thấp hơn {gap} sáng kiến.",
        "en": "**Registered below the guideline.** Registered target {registered}, guideline {guideline} "
        "({ratio} of {members} members, an estimate): {gap} short.",
    },
    "wl_chart_title": {
        "vi": "Tỷ lệ cập nhật so với trung bình cả nước và tiềm năng theo quy mô",
        "en": "Update rate against the national average and the potential for its size",
    },
    "wl_series_rate": {"vi": "Đã cập nhật (% chỉ tiêu đăng ký)", "en": "Updated (% of registered target)"},
    "wl_series_potential": {"vi": "Nếu đạt tiềm năng theo quy mô", "en": "At the potential for its size"},
    "wl_band_label": {"vi": "Trung bình cả nước {national} (±{band})", "en": "National average {national} (±{band})"},
    "wl_axis_rate": {"vi": "% chỉ tiêu đăng ký đã cập nhật", "en": "% of registered target updated"},
    "wl_tab_chart": {"vi": "Biểu đồ tỷ lệ và tiềm năng", "en": "Rates and potential chart"},
    "wl_table_title": {"vi": "Số liệu của các đơn vị đang xem", "en": "Figures of the units in view"},
    "wl_col_rate": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered"},
    "wl_col_kind_median": {"vi": "Trung vị khối", "en": "Kind's median"},
    "wl_col_per1000": {"vi": "Trên 1.000 đoàn viên", "en": "Per 1,000 members"},
    "wl_col_potential": {"vi": "Tiềm năng/1.000", "en": "Potential per 1,000"},
    "wl_col_needed": {"vi": "Cần/ngày", "en": "Needed a day"},
    "wl_col_recent": {"vi": "Gần đây/ngày", "en": "Recent a day"},
    "wl_col_forecast": {"vi": "Dự kiến đạt", "en": "Forecast reached"},
    "wl_col_last": {"vi": "Cập nhật cuối", "en": "Last update"},
    "wl_reached": {"vi": "đã đạt", "en": "reached"},
    "wl_after_close": {"vi": "{date} (sau kết thúc)", "en": "{date} (after the close)"},
    "wl_never": {"vi": "không đạt", "en": "not reached"},
    # --- page: composition (Thành phần) ---
    "cp_intro": {
        "vi": "Ai là tác giả của các sáng kiến, ở khu vực nào, và sáng kiến của ai được khen thưởng. "
        "“Người lao động trực tiếp” là người không giữ chức vụ lãnh đạo, quản lý.",
        "en": "Who the authors of the initiatives are, in which sector, and whose initiatives get rewarded. "
        "“Direct workers” are those who hold no leadership or management post.",
    },
    "cp_scope_nation": {"vi": "Cả nước", "en": "Nationwide"},
    "cp_metric_non_leader": {"vi": "Của người lao động trực tiếp", "en": "From direct workers"},
    "cp_metric_non_leader_delta": {"vi": "{n}/{total} sáng kiến đã cập nhật", "en": "{n} of {total} initiatives updated"},
    "cp_metric_non_leader_help": {
        "vi": "Tỷ lệ sáng kiến đã cập nhật có tác giả không giữ chức vụ lãnh đạo, quản lý.",
        "en": "Share of the initiatives updated whose author holds no leadership or management post.",
    },
    "cp_metric_reward_non_leader": {"vi": "Khen thưởng: người lao động trực tiếp", "en": "Rewarded: direct workers"},
    "cp_metric_reward_leader": {"vi": "Khen thưởng: người giữ chức vụ", "en": "Rewarded: leaders and managers"},
    "cp_metric_reward_delta": {"vi": "{n}/{valid} sáng kiến hợp lệ", "en": "{n} of {valid} valid initiatives"},
    "cp_metric_reward_help": {
        "vi": "Tỷ lệ khen thưởng = số sáng kiến được khen thưởng ÷ số sáng kiến hợp lệ.",
        "en": "Reward rate = initiatives rewarded ÷ valid initiatives.",
    },
    "cp_headline": {
        "vi": "{scope}: **{pct}** số sáng kiến đã cập nhật là của người lao động không giữ chức vụ lãnh đạo, quản lý.",
        "en": "{scope}: **{pct}** of the initiatives updated come from workers who hold no leadership or management post.",
    },
    "cp_reward_gap": {
        "vi": "Nhưng họ được khen thưởng ít hơn: **{non_leader}** số sáng kiến hợp lệ của người lao động trực tiếp được khen thưởng, "
        "so với **{leader}** của người giữ chức vụ lãnh đạo, quản lý; thấp nhất ở khu vực {sector} (**{sector_rate}**).",
        "en": "Yet they are rewarded less: **{non_leader}** of direct workers' valid initiatives were rewarded, against **{leader}** "
        "for leaders and managers; lowest in the {sector} sector (**{sector_rate}**).",
    },
    "cp_sector_state": {"vi": "Nhà nước", "en": "State"},
    "cp_sector_non_state": {"vi": "Ngoài nhà nước", "en": "Non-state"},
    "cp_sector_fdi": {"vi": "Có vốn đầu tư nước ngoài (FDI)", "en": "Foreign-invested (FDI)"},
    "cp_sector_public_service": {"vi": "Hành chính sự nghiệp", "en": "Public service"},
    "cp_author_non_leader": {"vi": "Người lao động trực tiếp", "en": "Direct workers"},
    "cp_author_leader": {"vi": "Người giữ chức vụ lãnh đạo, quản lý", "en": "Leaders and managers"},
    "cp_chart_sector_title": {"vi": "Sáng kiến đã cập nhật theo khu vực và tác giả", "en": "Initiatives updated by sector and author"},
    "cp_chart_funnel_title": {
        "vi": "Từ cập nhật đến khen thưởng",
        "en": "From updated to rewarded",
    },
    "cp_stage_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "cp_stage_valid": {"vi": "Hợp lệ", "en": "Valid"},
    "cp_stage_applied": {"vi": "Được áp dụng", "en": "Applied"},
    "cp_stage_rewarded": {"vi": "Được khen thưởng", "en": "Rewarded"},
    "cp_chart_reward_title": {
        "vi": "Tỷ lệ được khen thưởng (÷ số hợp lệ) theo khu vực",
        "en": "Reward rate (÷ valid initiatives) by sector",
    },
    "cp_axis_reward_rate": {"vi": "Được khen thưởng / hợp lệ", "en": "Rewarded / valid"},
    "cp_all_sectors": {"vi": "Mọi khu vực", "en": "All sectors"},
    "cp_tab_flow": {"vi": "Từ cập nhật đến khen thưởng", "en": "From update to reward"},
    "cp_units_title": {"vi": "Theo đơn vị", "en": "By unit"},
    "cp_col_non_leader": {"vi": "Của NLĐ trực tiếp", "en": "By direct workers"},
    "cp_col_non_leader_pct": {"vi": "% NLĐ trực tiếp", "en": "% direct workers"},
    "cp_col_reward_non_leader": {"vi": "Khen thưởng NLĐ trực tiếp", "en": "Reward rate, direct workers"},
    "cp_col_reward_leader": {"vi": "Khen thưởng người giữ chức vụ", "en": "Reward rate, leaders"},
    "cp_units_note": {
        "vi": "NLĐ trực tiếp: người lao động không giữ chức vụ lãnh đạo, quản lý. Tỷ lệ khen thưởng = được khen thưởng ÷ hợp lệ.",
        "en": "Direct workers: no leadership or management post. Reward rate = rewarded ÷ valid.",
    },
    "cp_empty": {"vi": "Chưa có sáng kiến nào trong phạm vi đang xem.", "en": "No initiative yet in the chosen scope."},
    # --- page: import (Nhập dữ liệu) ---
    "imp_intro": {
        "vi": "Nhập tệp xuất từ phần mềm sáng kiến (CSV, TXT, XLSX, Parquet). Số liệu trên bảng điều khiển chỉ đổi khi cả lần nhập "
        "thành công; người đang xem không bị gián đoạn và thấy số mới ở lần tải trang kế tiếp.",
        "en": "Import files exported from the initiatives portal (CSV, TXT, XLSX, Parquet). The dashboard's figures change only when "
        "the whole import succeeds; viewers are not interrupted and see the new figures on their next page load.",
    },
    "imp_kind": {"vi": "Loại dữ liệu", "en": "What the files hold"},
    "imp_kind_submissions": {"vi": "Sáng kiến (danh sách cập nhật)", "en": "Initiatives (submission list)"},
    "imp_kind_targets": {"vi": "Chỉ tiêu đăng ký của đơn vị", "en": "Units' registered targets"},
    "imp_files": {"vi": "Chọn một hoặc nhiều tệp", "en": "Choose one or more files"},
    "imp_button": {"vi": "Nhập dữ liệu", "en": "Import"},
    "imp_need_files": {"vi": "Hãy chọn ít nhất một tệp.", "en": "Please choose at least one file."},
    "imp_campaign_line": {"vi": "Nhập vào chương trình: **{name}**", "en": "Importing into the campaign: **{name}**"},
    "imp_sample": {"vi": "Tải tệp mẫu (CSV)", "en": "Download a sample file (CSV)"},
    "imp_sample_targets": {"vi": "Tải tệp mẫu chỉ tiêu (CSV)", "en": "Download a sample targets file (CSV)"},
    "imp_rules": {
        "vi": "Mỗi dòng cần mã sáng kiến, đơn vị, ngày cập nhật (dd/mm/yyyy HH:MM, giờ Việt Nam) và trạng thái. "
        "Dòng sai bị từ chối kèm lý do và không cản các dòng đúng; dòng trống và dòng tổng cộng được bỏ qua; "
        "cùng một mã xuất hiện nhiều lần thì lấy dòng cuối. Nhập lại cùng tệp không làm thay đổi gì.",
        "en": "Each row needs an initiative id, a unit, an update date (dd/mm/yyyy HH:MM, Vietnam time) and a status. "
        "Bad rows are rejected with a reason and never block good rows; blank and totals rows are skipped; "
        "when an id appears more than once the last row wins. Importing the same file again changes nothing.",
    },
    "imp_result_ok": {
        "vi": "Đã nhập {n} tệp trong {seconds} giây. Bảng điều khiển đã chuyển sang dữ liệu mới.",
        "en": "Imported {n} file(s) in {seconds} s. The dashboard now shows the new data.",
    },
    "imp_result_title": {"vi": "Kết quả lần nhập vừa rồi", "en": "Result of the last import"},
    "imp_accounting": {
        "vi": "Đọc {read} dòng = thêm mới {inserted} + cập nhật {updated} + không đổi {unchanged} + từ chối {rejected} "
        "+ bỏ qua {skipped} (dòng trống, dòng tổng, dòng trùng mã đã có dòng sau).",
        "en": "Read {read} rows = inserted {inserted} + updated {updated} + unchanged {unchanged} + rejected {rejected} "
        "+ skipped {skipped} (blank rows, totals rows, rows superseded by a later row with the same id).",
    },
    "imp_rejected_title": {"vi": "Các dòng bị từ chối và lý do", "en": "Rejected rows and why"},
    "imp_rejected_more": {
        "vi": "Hiển thị {shown} trên {total} lỗi; tải tệp để xem đủ.",
        "en": "Showing {shown} of {total} problems; download the file for all of them.",
    },
    "imp_none_rejected": {"vi": "Không có dòng nào bị từ chối.", "en": "No row was rejected."},
    "imp_failed": {
        "vi": "Không nhập được, dữ liệu đang dùng giữ nguyên. {message}",
        "en": "Nothing was imported; the data in use is unchanged. {message}",
    },
    "imp_log_title": {"vi": "Nhật ký nhập dữ liệu", "en": "Import log"},
    "imp_log_empty": {"vi": "Chưa có lần nhập nào.", "en": "No import yet."},
    "imp_log_pick": {"vi": "Xem các dòng bị từ chối của lần nhập", "en": "Rejected rows of the import"},
    "imp_log_none": {"vi": "— chọn lần nhập —", "en": "— choose an import —"},
    "imp_data_line": {
        "vi": "Dữ liệu đang dùng là bản cập nhật lúc {moment} (nguồn: {source}).",
        "en": "The data in use was last updated at {moment} (source: {source}).",
    },
    "imp_source_demo": {"vi": "dữ liệu mô phỏng", "en": "simulated data"},
    "imp_source_import": {"vi": "nhập tệp sáng kiến", "en": "submissions import"},
    "imp_source_import-targets": {"vi": "nhập tệp chỉ tiêu", "en": "targets import"},
    "imp_short_submissions": {"vi": "Sáng kiến", "en": "Initiatives"},
    "imp_short_targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "imp_col_file": {"vi": "Tệp", "en": "File"},
    "imp_col_row": {"vi": "Dòng", "en": "Row"},
    "imp_col_column": {"vi": "Cột", "en": "Column"},
    "imp_col_value": {"vi": "Giá trị", "en": "Value"},
    "imp_col_reason": {"vi": "Lý do", "en": "Reason"},
    "imp_col_when": {"vi": "Thời điểm", "en": "When"},
    "imp_col_who": {"vi": "Người nhập", "en": "By"},
    "imp_col_kind": {"vi": "Loại", "en": "Kind"},
    "imp_col_read": {"vi": "Đọc", "en": "Read"},
    "imp_col_inserted": {"vi": "Thêm mới", "en": "Inserted"},
    "imp_col_updated": {"vi": "Cập nhật", "en": "Updated"},
    "imp_col_unchanged": {"vi": "Không đổi", "en": "Unchanged"},
    "imp_col_rejected": {"vi": "Từ chối", "en": "Rejected"},
    "imp_col_skipped": {"vi": "Bỏ qua", "en": "Skipped"},
    "imp_col_sha": {"vi": "Mã băm SHA-256", "en": "SHA-256"},
    "imp_progress_reading": {"vi": "Đang đọc {file}…", "en": "Reading {file}…"},
    "imp_progress_copying": {"vi": "Đang chép phiên bản dữ liệu hiện tại…", "en": "Copying the current data version…"},
    "imp_progress_checking": {"vi": "Đang kiểm tra các dòng…", "en": "Checking rows…"},
    "imp_progress_applying": {"vi": "Đang ghi thay đổi…", "en": "Applying changes…"},
    "imp_progress_rollups": {"vi": "Đang tính lại số liệu tổng hợp…", "en": "Refreshing the rollups…"},
    "imp_progress_logging": {"vi": "Đang ghi nhật ký…", "en": "Writing the log…"},
    "imp_progress_writing": {"vi": "Đang lưu phiên bản mới…", "en": "Saving the new version…"},
    "imp_progress_switching": {"vi": "Đang chuyển sang phiên bản mới…", "en": "Switching to the new version…"},
    "imp_progress_done": {"vi": "Xong.", "en": "Done."},
    "imp_reason_missing_id": {"vi": "Thiếu mã sáng kiến", "en": "Missing initiative id"},
    "imp_reason_missing_unit": {"vi": "Thiếu đơn vị", "en": "Missing unit"},
    "imp_reason_unknown_unit": {"vi": "Không nhận ra đơn vị; gần nhất: {detail}", "en": "Unknown unit; closest: {detail}"},
    "imp_reason_missing_date": {"vi": "Thiếu ngày giờ", "en": "Missing date"},
    "imp_reason_bad_date": {"vi": "Không đọc được ngày giờ (cần dd/mm/yyyy HH:MM)", "en": "Unreadable date (expected dd/mm/yyyy HH:MM)"},
    "imp_reason_before_open": {"vi": "Trước khi cổng mở ({detail})", "en": "Before the portal opened ({detail})"},
    "imp_reason_after_close": {"vi": "Sau khi cổng đóng ({detail})", "en": "After the portal closed ({detail})"},
    "imp_reason_future": {"vi": "Thời điểm trong tương lai", "en": "In the future"},
    "imp_reason_missing_status": {"vi": "Thiếu trạng thái", "en": "Missing status"},
    "imp_reason_bad_status": {
        "vi": "Không nhận ra trạng thái (Đã cập nhật, Đang xét duyệt, Hợp lệ, Không hợp lệ, Đã áp dụng, Đã khen thưởng)",
        "en": "Unknown status (updated, under review, valid, invalid, applied, rewarded)",
    },
    "imp_reason_bad_sector": {
        "vi": "Không nhận ra khu vực (Nhà nước, Ngoài nhà nước, FDI, Hành chính sự nghiệp)",
        "en": "Unknown sector (state, non-state, FDI, public service)",
    },
    "imp_reason_missing_sector": {
        "vi": "Thiếu khu vực (bắt buộc với sáng kiến mới)",
        "en": "Missing sector (required for a new initiative)",
    },
    "imp_reason_bad_bool": {"vi": "Cần Có hoặc Không (Có, Không, x, 1, 0)", "en": "Expected yes or no (Có, Không, x, 1, 0, true, false)"},
    "imp_reason_bad_number": {"vi": "Không đọc được số (ví dụ 1.234.567)", "en": "Unreadable number (e.g. 1,234,567)"},
    "imp_reason_missing_number": {"vi": "Thiếu số", "en": "Missing number"},
    "imp_reason_stage_order": {"vi": "Sớm hơn cột “{detail}”", "en": "Earlier than the column “{detail}”"},
    "imp_ignored_columns": {"vi": "cột không dùng: {columns}", "en": "columns not used: {columns}"},
    "imp_cli_done": {
        "vi": "Xong trong {seconds} giây; phiên bản dữ liệu {version} ({file}).",
        "en": "Done in {seconds} s; data version {version} ({file}).",
    },
    "imp_rules_title": {"vi": "Quy tắc nhập và tệp mẫu", "en": "Import rules and sample files"},
    "imp_log_caption": {"vi": "{n} tệp đã nhập, mới nhất ở trên.", "en": "{n} file(s) imported, newest first."},
    "imp_chart_title": {"vi": "Sáng kiến cập nhật mỗi ngày, 60 ngày gần nhất", "en": "Initiatives updated per day, last 60 days"},
    "imp_chart_series": {"vi": "Đã cập nhật trong ngày", "en": "Updated that day"},
    "imp_chart_empty": {"vi": "Ngày không có sáng kiến nào", "en": "Day without any initiative"},
    "imp_check_title": {"vi": "Kiểm tra sau khi nhập", "en": "Check after importing"},
    "imp_check_gaps": {
        "vi": "{n} ngày không có sáng kiến nào (đánh dấu ×). Nếu là ngày làm việc, hãy kiểm tra tệp xuất của ngày đó.",
        "en": "{n} day(s) without any initiative (marked ×). If that was a working day, check that day's export.",
    },
    "imp_check_ok": {"vi": "Ngày nào cũng có sáng kiến cập nhật.", "en": "Every day has updated initiatives."},
    "imp_err_unexpected": {
        "vi": "Lỗi không lường trước, dữ liệu đang dùng giữ nguyên ({error}). Hãy gửi tệp này cho bộ phận kỹ thuật.",
        "en": "Unexpected error; the data in use is unchanged ({error}). Please send this file to the technical team.",
    },
    "imp_err_file_missing": {"vi": "Không tìm thấy tệp.", "en": "File not found."},
    "imp_err_file_unreadable": {"vi": "Không mở được tệp ({error}).", "en": "Could not open the file ({error})."},
    "imp_err_file_empty": {"vi": "Tệp rỗng.", "en": "The file is empty."},
    "imp_err_xls_unsupported": {
        "vi": "Tệp Excel đời cũ (.xls) chưa đọc được: hãy mở bằng Excel và lưu lại dạng .xlsx hoặc “CSV UTF-8”.",
        "en": "Old Excel files (.xls) cannot be read: open it in Excel and save it as .xlsx or “CSV UTF-8”.",
    },
    "imp_err_unsupported_format": {
        "vi": "Không phải tệp bảng số liệu (CSV, TXT, XLSX, Parquet).",
        "en": "Not a table file (CSV, TXT, XLSX, Parquet).",
    },
    "imp_err_no_header": {
        "vi": "Không tìm thấy dòng tiêu đề; cần các cột: {expected}.",
        "en": "No header row found; expected the columns: {expected}.",
    },
    "imp_err_missing_columns": {
        "vi": "Dòng tiêu đề (dòng {row}) thiếu cột: {missing}.",
        "en": "The header (row {row}) lacks the column(s): {missing}.",
    },
    "imp_err_undecodable": {
        "vi": "Không đọc được chữ ở dòng {line} (đọc theo bảng mã {encoding}). Hãy lưu tệp dạng “CSV UTF-8” hoặc “Unicode Text”.",
        "en": "Unreadable text on line {line} (read as {encoding}). Save the file as “CSV UTF-8” or “Unicode Text”.",
    },
    "imp_err_binary": {"vi": "Không phải tệp văn bản CSV/TXT.", "en": "Not a CSV/TXT text file."},
    "imp_err_bad_text": {"vi": "Không tách được các cột ({error}).", "en": "Could not split the columns ({error})."},
    "imp_err_bad_xlsx": {"vi": "Tệp Excel hỏng hoặc không đọc được ({error}).", "en": "Damaged or unreadable Excel file ({error})."},
    "imp_err_bad_parquet": {"vi": "Tệp Parquet hỏng hoặc không đọc được ({error}).", "en": "Damaged or unreadable Parquet file ({error})."},
    "imp_err_no_files": {"vi": "Chưa có tệp nào để nhập.", "en": "No file to import."},
    "imp_err_no_database": {"vi": "Không có cơ sở dữ liệu {path}.", "en": "There is no database {path}."},
    "imp_err_no_campaign": {"vi": "Cơ sở dữ liệu chưa có chương trình nào.", "en": "The database has no campaign."},
    "imp_err_unknown_campaign": {
        "vi": "Không có chương trình “{campaign}” (hiện có: {known}).",
        "en": "There is no campaign “{campaign}” (known: {known}).",
    },
    "imp_err_busy": {
        "vi": "Một lần nhập khác đang chạy; hãy thử lại sau ít phút.",
        "en": "Another import is running; try again in a few minutes.",
    },
    "imp_err_version": {"vi": "Không chuyển được phiên bản dữ liệu ({error}).", "en": "Could not switch the data version ({error})."},
    "imp_err_db_error": {"vi": "Lỗi cơ sở dữ liệu ({error}).", "en": "Database error ({error})."},
    # --- page: meeting (Hội nghị) ---
    "mt_deck_title": {
        "vi": "Chương trình 1 triệu sáng kiến — {group} — {stamp}",
        "en": "1 million initiatives programme — {group} — {stamp}",
    },
    "mt_cover_group": {"vi": "Nhóm: {group} ({n} đơn vị: {units})", "en": "Group: {group} ({n} units: {units})"},
    "mt_cover_campaign": {"vi": "Chương trình: {campaign}", "en": "Campaign: {campaign}"},
    "mt_cover_scope": {
        "vi": "Tỷ lệ và thứ hạng cả nước tính trên {n} đơn vị",
        "en": "National rates and ranks over {n} units",
    },
    "mt_intro": {
        "vi": "Số liệu của nhóm đơn vị, viết sẵn thành câu để đọc tại hội nghị. **Trình chiếu** mở từng trang "
        "toàn màn hình; các nút tải về cho bản PowerPoint (biểu đồ sửa được), Excel và CSV cùng nội dung.",
        "en": "The group's figures, written as sentences to read out at the meeting. **Present** shows one slide at "
        "a time, full screen; the download buttons give the same content as PowerPoint (editable charts), Excel and CSV.",
    },
    "mt_choose_group": {"vi": "Nhóm đơn vị của hội nghị", "en": "The meeting's group of units"},
    "mt_group_option": {"vi": "{name} · {kind} · {n} đơn vị", "en": "{name} · {kind} · {n} units"},
    "mt_kind_custom": {"vi": "nhóm tùy chỉnh", "en": "custom group"},
    "mt_kind_cluster": {"vi": "cụm, khối thi đua", "en": "emulation cluster"},
    "mt_kind_region": {"vi": "vùng", "en": "region"},
    "mt_reason_present": {"vi": "giá trị phải là 0 hoặc 1", "en": "must be 0 or 1"},
    "mt_reason_slide": {"vi": "cần số trang từ 1 đến {n}", "en": "expected a slide number from 1 to {n}"},
    "mt_table_caption": {"vi": "{stamp} · tải về dạng CSV ngay dưới bảng", "en": "{stamp} · CSV download under the table"},
    "mt_no_group": {
        "vi": "Chưa có nhóm đơn vị nào. Hãy tạo một nhóm ở phần bên dưới.",
        "en": "There is no group of units yet. Create one below.",
    },
    "mt_present": {"vi": "Trình chiếu", "en": "Present"},
    "mt_exit_present": {"vi": "Thoát", "en": "Exit"},
    "mt_prev": {"vi": "Trước", "en": "Back"},
    "mt_next": {"vi": "Sau", "en": "Next"},
    "mt_slide_of": {"vi": "Trang {i}/{n}", "en": "Slide {i} of {n}"},
    "mt_keys_hint": {"vi": "Phím ← → để chuyển trang", "en": "← → keys move between slides"},
    "mt_download_pptx": {"vi": "Tải PowerPoint", "en": "Download PowerPoint"},
    "mt_download_xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "mt_block_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered targets"},
    "mt_reg_total": {
        "vi": "{n} đơn vị của nhóm đã đăng ký **{registered}** sáng kiến, chiếm tỷ lệ **trên {floor} cả nước** "
        "({share} của tổng chỉ tiêu đăng ký cả nước {nation}).",
        "en": "The group's {n} units registered **{registered}** initiatives, **over {floor} of the nation's** "
        "({share} of the national total of {nation}).",
    },
    "mt_reg_total_exact": {
        "vi": "{n} đơn vị của nhóm đã đăng ký **{registered}** sáng kiến, chiếm **{share}** tổng chỉ tiêu đăng ký cả nước ({nation}).",
        "en": "The group's {n} units registered **{registered}** initiatives, **{share}** of the national total ({nation}).",
    },
    "mt_reg_above": {
        "vi": "{k}/{n} đơn vị đăng ký vượt chỉ tiêu định hướng: {items}.",
        "en": "{k} of {n} units registered above the guideline: {items}.",
    },
    "mt_reg_above_item": {"vi": "{unit} (vượt {value} sáng kiến)", "en": "{unit} (+{value})"},
    "mt_reg_at": {"vi": "{units} đăng ký bằng chỉ tiêu định hướng.", "en": "{units} registered exactly the guideline."},
    "mt_reg_below": {
        "vi": "{k}/{n} đơn vị đăng ký phấn đấu thấp hơn chỉ tiêu định hướng {ratio} số đoàn viên: {items}.",
        "en": "{k} of {n} units registered below the guideline of {ratio} of members: {items}.",
    },
    "mt_reg_below_item": {"vi": "{unit} (thấp hơn {value})", "en": "{unit} (−{value})"},
    "mt_reg_none_below": {
        "vi": "Không đơn vị nào đăng ký thấp hơn chỉ tiêu định hướng {ratio} số đoàn viên.",
        "en": "No unit registered below the guideline of {ratio} of members.",
    },
    "mt_chart_registered": {"vi": "Chỉ tiêu đăng ký so với chỉ tiêu định hướng", "en": "Registered target against the guideline"},
    "mt_series_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "mt_series_guideline": {"vi": "Định hướng ({ratio} số đoàn viên)", "en": "Guideline ({ratio} of members)"},
    "mt_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "mt_col_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "mt_col_guideline": {"vi": "Chỉ tiêu định hướng ({ratio} số đoàn viên)", "en": "Guideline ({ratio} of members)"},
    "mt_col_margin": {"vi": "Đăng ký so với định hướng", "en": "Registered minus guideline"},
    "mt_block_updated": {"vi": "Sáng kiến đã cập nhật", "en": "Initiatives updated"},
    "mt_upd_total": {
        "vi": "{stamp}, các đơn vị của nhóm đã cập nhật **{count}** sáng kiến trên phần mềm, đạt **{pct}** chỉ tiêu "
        "đăng ký ({share} số sáng kiến cập nhật của cả nước).",
        "en": "{stamp}, the group's units had updated **{count}** initiatives on the portal, **{pct}** of their "
        "registered target ({share} of the nation's updates).",
    },
    "mt_upd_group_above": {
        "vi": "Tỷ lệ cập nhật của nhóm **cao hơn mức trung bình cả nước**: {pct} so với {nation} ({count}/{registered}).",
        "en": "The group updates **above the national average**: {pct} against {nation} ({count}/{registered}).",
    },
    "mt_upd_group_about": {
        "vi": "Tỷ lệ cập nhật của nhóm **ở mức trung bình cả nước** (±{band}): {pct} so với {nation} ({count}/{registered}).",
        "en": "The group updates **at the national average** (±{band}): {pct} against {nation} ({count}/{registered}).",
    },
    "mt_upd_group_below": {
        "vi": "Tỷ lệ cập nhật của nhóm **thấp hơn mức trung bình cả nước**: {pct} so với {nation} ({count}/{registered}).",
        "en": "The group updates **below the national average**: {pct} against {nation} ({count}/{registered}).",
    },
    "mt_upd_none": {
        "vi": "{stamp}, các đơn vị của nhóm chưa cập nhật sáng kiến nào trên phần mềm.",
        "en": "{stamp}, the group's units had not updated any initiative on the portal yet.",
    },
    "mt_upd_non_leader": {
        "vi": "**{pct}** số sáng kiến của nhóm là của người lao động không giữ chức vụ lãnh đạo, quản lý.",
        "en": "**{pct}** of the group's initiatives come from workers who hold no leadership or management post.",
    },
    "mt_chart_rate": {"vi": "Tỷ lệ cập nhật so với chỉ tiêu đăng ký", "en": "Updated as a share of the registered target"},
    "mt_series_rate": {"vi": "% chỉ tiêu đăng ký đã cập nhật", "en": "% of registered target updated"},
    "mt_nation": {"vi": "Cả nước", "en": "Nationwide"},
    "mt_block_units": {"vi": "Tiến độ từng đơn vị", "en": "Progress of each unit"},
    "mt_units_lead": {
        "vi": "Theo tỷ lệ so với chỉ tiêu đăng ký, cao nhất nhóm: **{top}** với {top_count} sáng kiến ({top_pct} chỉ tiêu "
        "đăng ký; {top_status}); thấp nhất: **{bottom}** với {bottom_count} sáng kiến ({bottom_pct}; {bottom_status}).",
        "en": "By share of the registered target, highest in the group: **{top}** with {top_count} initiatives ({top_pct} "
        "of its registered target; {top_status}); lowest: **{bottom}** with {bottom_count} ({bottom_pct}; {bottom_status}).",
    },
    "mt_units_valid": {
        "vi": "{count} sáng kiến của nhóm đã được công nhận hợp lệ ({pct} số đã cập nhật).",
        "en": "{count} of the group's initiatives have been accepted as valid ({pct} of those updated).",
    },
    "mt_units_members_note": {
        "vi": "Số đoàn viên dùng để tính số sáng kiến trên 1.000 đoàn viên là số ước tính.",
        "en": "Member counts behind the rate per 1,000 members are estimates.",
    },
    "mt_chart_units": {"vi": "Sáng kiến đã cập nhật và hợp lệ", "en": "Initiatives updated and valid"},
    "mt_series_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "mt_series_valid": {"vi": "Hợp lệ", "en": "Valid"},
    "mt_table_units": {"vi": "Tiến độ từng đơn vị — bảng số liệu", "en": "Progress of each unit — figures"},
    "mt_col_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "mt_col_achieved": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered"},
    "mt_col_valid": {"vi": "Hợp lệ", "en": "Valid"},
    "mt_col_non_leader": {"vi": "% không giữ chức vụ lãnh đạo", "en": "% by non-leaders"},
    "mt_col_per_1000": {"vi": "Trên 1.000 đoàn viên (ước tính)", "en": "Per 1,000 members (estimate)"},
    "mt_block_ranks": {"vi": "Thứ hạng trong {n} đơn vị cả nước", "en": "Ranks among the nation's {n} units"},
    "mt_rank_intro": {
        "vi": "Thứ hạng của từng đơn vị trong nhóm so với {n} đơn vị cả nước (hạng 1 là cao nhất).",
        "en": "Each unit's rank among the nation's {n} units (1 = highest).",
    },
    "mt_rank_best": {
        "vi": "Cao nhất nhóm: **{unit}**, thứ **{rank}/{n}** về số sáng kiến cập nhật, thứ {rank_pct}/{n} về tỷ lệ so với "
        "chỉ tiêu đăng ký, thứ {rank_members}/{n} về số sáng kiến trên 1.000 đoàn viên.",
        "en": "Highest in the group: **{unit}**, **{rank} of {n}** by initiatives updated, {rank_pct} of {n} by share of "
        "its registered target, {rank_members} of {n} per 1,000 members.",
    },
    "mt_rank_worst": {
        "vi": "Thấp nhất nhóm: **{unit}**, thứ **{rank}/{n}** về số sáng kiến cập nhật, thứ {rank_pct}/{n} về tỷ lệ so với "
        "chỉ tiêu đăng ký, thứ {rank_members}/{n} về số sáng kiến trên 1.000 đoàn viên.",
        "en": "Lowest in the group: **{unit}**, **{rank} of {n}** by initiatives updated, {rank_pct} of {n} by share of "
        "its registered target, {rank_members} of {n} per 1,000 members.",
    },
    "mt_col_rank_submitted": {"vi": "Hạng theo số cập nhật", "en": "Rank: updated"},
    "mt_col_rank_achieved": {"vi": "Hạng theo % chỉ tiêu đăng ký", "en": "Rank: % of registered"},
    "mt_col_rank_members": {"vi": "Hạng theo số trên 1.000 đoàn viên", "en": "Rank: per 1,000 members"},
    "mt_col_rank_registered": {"vi": "Hạng theo chỉ tiêu đăng ký", "en": "Rank: registered target"},
    "mt_block_watch": {"vi": "Đơn vị cần lưu ý", "en": "Units to watch"},
    "mt_watch_below_potential_at_average": {
        "vi": "Cập nhật ở mức trung bình cả nước, thấp hơn tiềm năng: {units}.",
        "en": "Updating at the national average, below their potential: {units}.",
    },
    "mt_watch_below_guideline": {
        "vi": "Đăng ký thấp hơn chỉ tiêu định hướng: {units}.",
        "en": "Registered below the guideline: {units}.",
    },
    "mt_watch_how": {
        "vi": "Trạng thái tiến độ theo một quy tắc chung cho mọi trang: mỗi đơn vị được dự báo đến hạn theo nhịp cập nhật "
        "{window} ngày gần nhất của chính đơn vị; đơn vị nghiêm trọng nhất trước. Các nhận xét khác như trang Cảnh báo "
        "(mức trung bình cả nước: ±{band}) không phải là đánh giá tiến độ.",
        "en": "Progress status by the one rule every page uses: each unit projected to the close from its own last "
        "{window} days; most serious first. The other findings, as on the Watchlist page (national average: ±{band}), "
        "are not a progress verdict.",
    },
    "mt_col_reason": {"vi": "Lý do", "en": "Reason"},
    "mt_watch_details": {"vi": "Lý do chi tiết của từng đơn vị, kèm số liệu", "en": "Each unit's reasons in detail, with figures"},
    "mt_col_detail": {"vi": "Chi tiết", "en": "Details"},
    "gr_manage": {"vi": "Tạo hoặc sửa nhóm tùy chỉnh", "en": "Create or edit a custom group"},
    "gr_mode_create": {"vi": "Tạo nhóm mới", "en": "New group"},
    "gr_mode_edit": {"vi": "Sửa nhóm đang xem", "en": "Edit this group"},
    "gr_only_custom": {
        "vi": "Vùng và cụm thi đua là dữ liệu tham chiếu, không sửa ở đây: hãy tạo một nhóm tùy chỉnh.",
        "en": "Regions and emulation clusters are reference data and are not edited here: create a custom group.",
    },
    "gr_name_vi": {"vi": "Tên nhóm (tiếng Việt)", "en": "Group name (Vietnamese)"},
    "gr_name_en": {"vi": "Tên nhóm (tiếng Anh, không bắt buộc)", "en": "Group name (English, optional)"},
    "gr_units": {"vi": "Đơn vị trong nhóm", "en": "Units in the group"},
    "gr_paste": {
        "vi": "Thêm đơn vị theo tên (cách nhau bởi dấu phẩy hoặc xuống dòng)",
        "en": "Add units by name (separated by commas or new lines)",
    },
    "gr_paste_help": {
        "vi": "Ví dụ: Thái Nguyên, Tỉnh Bắc Kạn, LDLD-10. Không cần gõ dấu.",
        "en": "For example: Thái Nguyên, Tinh Bac Kan, LDLD-10. Diacritics are optional.",
    },
    "gr_save": {"vi": "Lưu nhóm", "en": "Save group"},
    "gr_saved_create": {"vi": "Đã tạo nhóm “{group}” ({n} đơn vị).", "en": "Created the group “{group}” ({n} units)."},
    "gr_saved_edit": {"vi": "Đã lưu nhóm “{group}” ({n} đơn vị).", "en": "Saved the group “{group}” ({n} units)."},
    "gr_created_by": {"vi": "Nhóm do {who} tạo lúc {when}.", "en": "Group created by {who} at {when}."},
    "gr_err_name": {"vi": "Hãy nhập tên nhóm.", "en": "Enter a group name."},
    "gr_err_name_long": {"vi": "Tên nhóm dài quá {n} ký tự.", "en": "The group name is longer than {n} characters."},
    "gr_err_name_taken": {"vi": "Đã có nhóm tên “{name}”.", "en": "A group named “{name}” already exists."},
    "gr_err_units": {"vi": "Hãy chọn ít nhất một đơn vị.", "en": "Choose at least one unit."},
    "gr_err_unknown": {"vi": "Không tìm thấy đơn vị: {names}. Chưa lưu gì.", "en": "Unknown unit(s): {names}. Nothing was saved."},
    "gr_err_not_custom": {
        "vi": "Chỉ sửa được nhóm tùy chỉnh; vùng và cụm thi đua là dữ liệu tham chiếu.",
        "en": "Only custom groups can be edited; regions and clusters are reference data.",
    },
    "gr_err_missing": {"vi": "Không có nhóm “{group}”.", "en": "There is no group “{group}”."},
    "gr_err_locked": {
        "vi": "Chưa ghi được: một thao tác ghi khác (ví dụ nhập dữ liệu) đang chạy. Hãy thử lại sau. ({error})",
        "en": "Not saved: another change (such as a data import) is being written. Try again later. ({error})",
    },
    "ex_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "ex_continued": {"vi": "tiếp", "en": "continued"},
    # --- page: emulation ---
    "em_intro": {
        "vi": "Xếp loại thi đua hàng tháng theo kết quả trên phần mềm trực tuyến: mỗi đơn vị được chấm điểm theo các "
        "tiêu chí dưới đây, xếp loại, và xếp hạng trong cùng khối (LĐLĐ tỉnh, thành phố; Công đoàn ngành Trung ương; "
        "Công đoàn Tập đoàn, Tổng Công ty). Tháng chưa kết thúc được tính đến thời điểm xem.",
        "en": "Monthly emulation ranking from the portal's results: each unit is scored on the criteria below, graded, "
        "and ranked among units of its kind (provincial federations; central sector unions; corporate unions). "
        "A month not yet over counts up to the chosen moment.",
    },
    "em_settings": {
        "vi": "Tiêu chí, trọng số và ngưỡng xếp loại",
        "en": "Criteria, weights and grade thresholds",
    },
    "em_weights": {"vi": "Trọng số (quy về tổng 100%)", "en": "Weights (scaled to a 100% total)"},
    "em_thresholds": {"vi": "Điểm tối thiểu của từng loại (thang 100)", "en": "Minimum score for each grade (out of 100)"},
    "em_c_target": {"vi": "Hoàn thành phần chỉ tiêu của tháng", "en": "The month's share of the target"},
    "em_c_target_help": {
        "vi": "Số sáng kiến cập nhật trong tháng so với phần chỉ tiêu đăng ký của tháng (chỉ tiêu chia đều theo thời gian "
        "của chương trình). Đạt từ 100% trở lên được 100 điểm.",
        "en": "Initiatives updated in the month against the month's share of the registered target (the target spread "
        "evenly over the campaign). 100% or more earns 100 points.",
    },
    "em_c_members": {"vi": "Sáng kiến trên 1.000 đoàn viên", "en": "Initiatives per 1,000 members"},
    "em_c_members_help": {
        "vi": "Xếp theo thứ tự trong khối: đơn vị cao nhất 100 điểm, thấp nhất 0 điểm. Số đoàn viên là số ước tính.",
        "en": "By position within the kind: the best unit 100 points, the last 0. Member counts are estimates.",
    },
    "em_c_valid": {"vi": "Tỷ lệ hợp lệ", "en": "Valid rate"},
    "em_c_valid_help": {
        "vi": "Số sáng kiến hợp lệ / (hợp lệ + không hợp lệ) trong số được xét duyệt xong trong tháng; điểm = tỷ lệ × 100.",
        "en": "Valid / (valid + invalid) among the reviews concluded in the month; points = rate × 100.",
    },
    "em_c_non_leader": {"vi": "Tỷ lệ của người không giữ chức vụ lãnh đạo", "en": "Share by non-leaders"},
    "em_c_non_leader_help": {
        "vi": "Phần sáng kiến cập nhật trong tháng của người lao động không giữ chức vụ lãnh đạo, quản lý; điểm = tỷ lệ × 100.",
        "en": "Share of the month's updates by workers without a leadership or management post; points = share × 100.",
    },
    "em_grade_A": {"vi": "Xuất sắc", "en": "Excellent"},
    "em_grade_B": {"vi": "Tốt", "en": "Good"},
    "em_grade_C": {"vi": "Khá", "en": "Fair"},
    "em_grade_D": {"vi": "Chưa đạt", "en": "Not yet"},
    "em_threshold": {"vi": "Loại {grade} từ", "en": "{grade} from"},
    "em_grade_A_over": {"vi": "Tốt (ngoài tỷ lệ Xuất sắc)", "en": "Good (over the Excellent quota)"},
    "em_col_grade_help": {
        "vi": "Xuất sắc: đủ điểm và đứng trong {share} số đơn vị đầu khối. Tốt (ngoài tỷ lệ Xuất sắc): đủ điểm Xuất sắc "
        "nhưng đứng sau tỷ lệ đó.",
        "en": "Excellent: the score and a place within the top {share} of the kind's units. Good (over the Excellent "
        "quota): the Excellent score, but ranked below that share.",
    },
    "em_quota": {"vi": "tối đa {share} số đơn vị của khối", "en": "at most {share} of the kind's units"},
    "em_share": {"vi": "Xuất sắc: tối đa (% số đơn vị của khối)", "en": "Excellent: at most (% of the kind's units)"},
    "em_share_help": {
        "vi": "Mỗi tháng, chỉ các đơn vị đứng đầu khối trong tỷ lệ này (làm tròn xuống, ít nhất 1 đơn vị) được xếp loại "
        "Xuất sắc, nếu đủ điểm; đơn vị đủ điểm nhưng ngoài tỷ lệ được xếp loại Tốt. Các đơn vị bằng điểm nhau ở vị trí "
        "cuối cùng của tỷ lệ cùng được xếp loại Xuất sắc. 100% = chỉ xét điểm.",
        "en": "Each month only the top units of the kind within this share (rounded down, at least one unit) are graded "
        "Excellent, if their score reaches it; a unit with the score but outside the share is graded Good. Units tied at "
        "the last place of the share are all graded Excellent. 100% = the score alone.",
    },
    "em_save": {"vi": "Lưu cách chấm điểm", "en": "Save the scoring"},
    "em_saved": {"vi": "Đã lưu cách chấm điểm.", "en": "Scoring saved."},
    "em_err_weights": {
        "vi": "Trọng số không được âm và tổng phải lớn hơn 0.",
        "en": "Weights cannot be negative and must add up to more than 0.",
    },
    "em_err_thresholds": {
        "vi": "Ngưỡng phải giảm dần (Xuất sắc > Tốt > Khá) và nằm trong khoảng 0–100.",
        "en": "Thresholds must decrease (Excellent > Good > Fair) and lie between 0 and 100.",
    },
    "em_err_share": {
        "vi": "Tỷ lệ Xuất sắc phải nằm trong khoảng 0–100%.",
        "en": "The Excellent share must lie between 0 and 100%.",
    },
    "em_settings_saved_by": {
        "vi": "Cách chấm điểm do {who} lưu lúc {when}.",
        "en": "Scoring saved by {who} at {when}.",
    },
    "em_settings_default": {"vi": "Đang dùng cách chấm điểm mặc định.", "en": "Using the default scoring."},
    "em_settings_line": {
        "vi": "Trọng số: {weights}. Xếp loại: {grades}.",
        "en": "Weights: {weights}. Grades: {grades}.",
    },
    "em_month": {"vi": "Tháng", "en": "Month"},
    "em_table_title": {"vi": "Xếp loại tháng {month} — {kind}", "en": "Ranking for {month} — {kind}"},
    "em_col_rank": {"vi": "Hạng", "en": "Rank"},
    "em_col_change": {"vi": "So với tháng trước", "en": "Change since last month"},
    "em_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "em_col_score": {"vi": "Điểm", "en": "Score"},
    "em_col_grade": {"vi": "Xếp loại", "en": "Grade"},
    "em_col_submitted": {"vi": "Cập nhật trong tháng", "en": "Updated in the month"},
    "em_col_target_pct": {"vi": "% phần chỉ tiêu của tháng", "en": "% of the month's target"},
    "em_col_per_1000": {"vi": "Trên 1.000 đoàn viên", "en": "Per 1,000 members"},
    "em_col_valid_pct": {"vi": "% hợp lệ", "en": "% valid"},
    "em_col_non_leader_pct": {"vi": "% không giữ chức vụ lãnh đạo", "en": "% by non-leaders"},
    "em_col_month": {"vi": "Tháng", "en": "Month"},
    "em_col_kind": {"vi": "Khối", "en": "Kind"},
    "em_up": {"vi": "▲ {n}", "en": "▲ {n}"},
    "em_down": {"vi": "▼ {n}", "en": "▼ {n}"},
    "em_same": {"vi": "=", "en": "="},
    "em_first": {"vi": "–", "en": "–"},
    "em_unit_pick": {"vi": "Đơn vị xem diễn biến thứ hạng", "en": "Unit whose rank history to show"},
    "em_chart_title": {"vi": "Thứ hạng của {unit} qua các tháng ({kind})", "en": "{unit}: rank by month ({kind})"},
    "em_axis_rank": {"vi": "Hạng (1 = cao nhất)", "en": "Rank (1 = best)"},
    "em_download_xlsx": {"vi": "Tải Excel (mọi tháng)", "en": "Download Excel (every month)"},
    "em_sheet_all": {"vi": "Xếp loại thi đua hàng tháng", "en": "Monthly emulation ranking"},
    # --- monthly ranking months (issue 9) ---
    "em_month_help": {
        "vi": "Các tháng từ khi cổng mở đến lúc đóng; mặc định là tháng trọn gần nhất trước thời điểm xem.",
        "en": "The months from the portal's opening to its close; by default the last complete month before the chosen moment.",
    },
    "em_no_month": {
        "vi": "Chưa có tháng nào đủ {min} ngày để xếp loại (cổng mở ngày {open}).",
        "en": "No month has {min} days yet to be ranked (the portal opened on {open}).",
    },
    "em_month_running": {
        "vi": "Tháng {month} chưa kết thúc: số liệu {stamp}, {days} ngày; phần chỉ tiêu của tháng tính theo {days} ngày đó.",
        "en": "{month} is not over yet: figures {stamp}, {days} days; the month's share of the target covers those {days} days.",
    },
    "em_month_partial_days": {
        "vi": "Tháng {month} không trọn: chương trình có {days} trong {month_days} ngày của tháng ({start}–{end}); "
        "phần chỉ tiêu của tháng tính theo {days} ngày đó.",
        "en": "{month} is a partial month: the campaign had {days} of its {month_days} days ({start}–{end}); "
        "the month's share of the target covers those {days} days.",
    },
    "em_month_not_ranked": {
        "vi": "Tháng {month} không xếp loại: chỉ có {days} ngày của chương trình (cần ít nhất {min} ngày).",
        "en": "{month} is not ranked: it held only {days} day(s) of the campaign (at least {min} are needed).",
    },
    "em_partial_tag": {"vi": "không trọn, {days}/{month_days} ngày", "en": "partial, {days} of {month_days} days"},
    # --- sign-in, roles and users (issue 10) ---
    "auth_role_viewer": {"vi": "Người xem", "en": "Viewer"},
    "auth_role_editor": {"vi": "Biên tập viên", "en": "Editor"},
    "auth_role_admin": {"vi": "Quản trị viên", "en": "Administrator"},
    "auth_act_change": {"vi": "thay đổi dữ liệu", "en": "change the data"},
    "auth_act_import": {"vi": "nhập dữ liệu sáng kiến", "en": "import initiatives"},
    "auth_act_targets": {"vi": "nhập chỉ tiêu đăng ký", "en": "import registered targets"},
    "auth_act_groups": {"vi": "tạo hoặc sửa nhóm đơn vị", "en": "create or edit unit groups"},
    "auth_act_emulation": {"vi": "lưu cách chấm điểm thi đua", "en": "save the emulation scoring"},
    "auth_act_users": {"vi": "quản lý người dùng và quyền", "en": "manage users and roles"},
    "auth_err_readonly": {
        "vi": "Không thể {action}: bảng điều khiển này chưa cấu hình đăng nhập nên chỉ để xem. "
        "Người quản trị máy chủ làm việc này bằng dòng lệnh (python -m sangkien …), "
        "hoặc cấu hình đăng nhập (README, mục “Deploying for your organisation”).",
        "en": "Cannot {action}: sign-in is not configured, so this dashboard is read-only. "
        "The server's administrator does this from the command line (python -m sangkien …), "
        "or configures sign-in (README, “Deploying for your organisation”).",
    },
    "auth_err_signin": {"vi": "Cần đăng nhập để {action}.", "en": "Sign in to {action}."},
    "auth_err_role": {
        "vi": "Không thể {action}: tài khoản của bạn có vai trò {role}, việc này cần vai trò {needed}. Hãy nhờ quản trị viên cấp quyền.",
        "en": "Cannot {action}: your account is a {role}; this needs the {needed} role. Ask an administrator.",
    },
    "auth_err_email": {"vi": "“{email}” không phải là một địa chỉ thư điện tử.", "en": "“{email}” is not an e-mail address."},
    "auth_err_role_name": {"vi": "Không có vai trò “{role}”; các vai trò: {roles}.", "en": "There is no role “{role}”; roles: {roles}."},
    "auth_err_no_user": {"vi": "{email} chưa được cấp quyền nào.", "en": "{email} has no role."},
    "auth_err_last_admin": {
        "vi": "Không thể bỏ quyền của quản trị viên cuối cùng: khi đó không ai quản lý được người dùng. Hãy cấp quyền quản trị cho người khác trước.",
        "en": "The last administrator cannot be removed: nobody could manage users then. Make someone else an administrator first.",
    },
    "auth_cli_added": {"vi": "Đã cấp vai trò {role} cho {email} (người cấp: {who}).", "en": "{email} is now {role} (granted by {who})."},
    "auth_cli_removed": {"vi": "Đã bỏ quyền của {email} (người thực hiện: {who}).", "en": "{email} has no role now (removed by {who})."},
    "auth_cli_none": {"vi": "Chưa cấp quyền cho ai.", "en": "Nobody has a role yet."},
    "auth_signin": {"vi": "Đăng nhập", "en": "Sign in"},
    "auth_signout": {"vi": "Đăng xuất", "en": "Sign out"},
    "auth_signed_in": {"vi": "Đã đăng nhập · {role}", "en": "Signed in · {role}"},
    "auth_readonly_sidebar": {
        "vi": "Chỉ xem: chưa cấu hình đăng nhập.",
        "en": "Read-only: sign-in is not configured.",
    },
    "auth_required_title": {"vi": "Cần đăng nhập", "en": "Sign-in required"},
    "auth_required_body": {
        "vi": "Bảng điều khiển này chỉ dành cho người đã đăng nhập bằng tài khoản của tổ chức.",
        "en": "This dashboard is for people signed in with their organisation's account.",
    },
    "auth_required_unconfigured": {
        "vi": "Bảng điều khiển yêu cầu đăng nhập (SANGKIEN_REQUIRE_LOGIN) nhưng chưa cấu hình đăng nhập. Hãy báo người quản trị máy chủ.",
        "en": "This dashboard requires sign-in (SANGKIEN_REQUIRE_LOGIN) but sign-in is not configured. Tell the server's administrator.",
    },
    "auth_notice_readonly": {
        "vi": "Chỉ xem: bảng điều khiển chưa cấu hình đăng nhập nên không ai thay đổi được dữ liệu từ trang này. "
        "Người quản trị máy chủ dùng dòng lệnh: {command}.",
        "en": "Read-only: sign-in is not configured, so nobody can change data from this page. "
        "The server's administrator uses the command line: {command}.",
    },
    "auth_notice_signin": {"vi": "Đăng nhập để {action}.", "en": "Sign in to {action}."},
    "auth_notice_role": {
        "vi": "Tài khoản của bạn có vai trò {role}; {action} cần vai trò {needed}.",
        "en": "Your account is a {role}; to {action} needs the {needed} role.",
    },
    "auth_recorded_as": {"vi": "Thay đổi được ghi tên: {who}", "en": "Changes are recorded as: {who}"},
    "page_admin": {"vi": "Người dùng và quyền", "en": "Users and roles"},
    "adm_intro": {
        "vi": "Vai trò: **Người xem** đọc mọi trang; **Biên tập viên** sửa nhóm đơn vị và cách chấm điểm thi đua; "
        "**Quản trị viên** nhập dữ liệu, chỉ tiêu và quản lý người dùng. Người đăng nhập chưa được cấp quyền là người xem.",
        "en": "Roles: **Viewer** reads every page; **Editor** edits unit groups and the emulation scoring; "
        "**Administrator** imports data and targets and manages users. A signed-in person without a role is a viewer.",
    },
    "adm_users_title": {"vi": "Người dùng", "en": "Users"},
    "adm_none": {"vi": "Chưa cấp quyền cho ai.", "en": "Nobody has a role yet."},
    "adm_col_email": {"vi": "Thư điện tử", "en": "E-mail"},
    "adm_col_role": {"vi": "Vai trò", "en": "Role"},
    "adm_col_granted_by": {"vi": "Người cấp", "en": "Granted by"},
    "adm_col_granted_at": {"vi": "Lúc cấp", "en": "Granted at"},
    "adm_add_title": {"vi": "Cấp hoặc đổi quyền", "en": "Grant or change a role"},
    "adm_email": {"vi": "Thư điện tử (như khi đăng nhập)", "en": "E-mail (as used to sign in)"},
    "adm_role": {"vi": "Vai trò", "en": "Role"},
    "adm_add": {"vi": "Lưu quyền", "en": "Save role"},
    "adm_added": {"vi": "Đã lưu quyền cho {email}.", "en": "Saved the role of {email}."},
    "adm_remove_title": {"vi": "Bỏ quyền", "en": "Remove a role"},
    "adm_remove_pick": {"vi": "Người dùng", "en": "User"},
    "adm_remove": {"vi": "Bỏ quyền", "en": "Remove role"},
    "adm_removed": {"vi": "Đã bỏ quyền của {email}.", "en": "Removed the role of {email}."},
    "adm_log_title": {"vi": "Lịch sử thay đổi quyền", "en": "History of role changes"},
    "adm_col_when": {"vi": "Lúc", "en": "When"},
    "adm_col_action": {"vi": "Thay đổi", "en": "Change"},
    "adm_col_by": {"vi": "Người thực hiện", "en": "By"},
    "adm_action_add": {"vi": "cấp quyền", "en": "granted"},
    "adm_action_change": {"vi": "đổi quyền", "en": "changed"},
    "adm_action_remove": {"vi": "bỏ quyền", "en": "removed"},
    "gr_history": {"vi": "Lịch sử thay đổi nhóm", "en": "Group history"},
    "gr_col_when": {"vi": "Lúc", "en": "When"},
    "gr_col_action": {"vi": "Thay đổi", "en": "Change"},
    "gr_col_name": {"vi": "Tên nhóm", "en": "Group name"},
    "gr_col_units": {"vi": "Số đơn vị", "en": "Units"},
    "gr_col_by": {"vi": "Người thực hiện", "en": "By"},
    "gr_action_create": {"vi": "tạo nhóm", "en": "created"},
    "gr_action_update": {"vi": "sửa nhóm", "en": "edited"},
    "imp_upload_limit": {
        "vi": "Mỗi lần tải lên tối đa {mb} MB. Tệp lớn hơn sẽ bị từ chối; hãy chia nhỏ tệp hoặc nhờ quản trị viên máy chủ nhập bằng dòng lệnh (python -m sangkien import).",
        "en": "Uploads are limited to {mb} MB. Bigger files are refused; split them, or ask the server's administrator to import them from the command line (python -m sangkien import).",
    },
    "imp_too_big": {
        "vi": "Tệp {name} lớn hơn giới hạn {mb} MB nên không được nhập.",
        "en": "{name} is larger than the {mb} MB limit and was not imported.",
    },
    "err_generic": {
        "vi": "Trang này gặp lỗi và không hiển thị được. Hãy tải lại trang; nếu lỗi còn, báo người quản trị (chi tiết đã được ghi vào nhật ký máy chủ).",
        "en": "This page hit an error and cannot be shown. Reload it; if the error persists, tell the administrator (the details are in the server log).",
    },
    # --- hostile and careless input (issue 15) ---
    "imp_err_not_regular": {
        "vi": "Không phải một tệp thông thường (thư mục, thiết bị hay đường ống): hãy chọn tệp xuất từ phần mềm.",
        "en": "Not a regular file (a folder, a device or a pipe): choose a file exported from the portal.",
    },
    "imp_err_too_large": {
        "vi": "Tệp quá lớn ({size}; tối đa {limit}). Hãy xuất theo từng đợt hoặc từng đơn vị.",
        "en": "The file is too large ({size}; at most {limit}). Export it in parts, e.g. per period or unit.",
    },
    "imp_err_too_large_total": {
        "vi": "Các tệp quá lớn khi gộp lại ({size}; tối đa {limit} mỗi lần nhập). Hãy nhập thành nhiều lần.",
        "en": "The files are too large together ({size}; at most {limit} per import). Import them in several goes.",
    },
    "imp_err_too_many_files": {
        "vi": "Quá nhiều tệp trong một lần nhập ({n}; tối đa {limit}).",
        "en": "Too many files in one import ({n}; at most {limit}).",
    },
    "imp_err_too_many_columns": {
        "vi": "Dòng tiêu đề có quá nhiều cột ({n}; tối đa {limit}). Hãy xóa các cột thừa rồi nhập lại.",
        "en": "The header row has too many columns ({n}; at most {limit}). Remove the extra columns and try again.",
    },
    "imp_err_too_many_cells": {
        "vi": "Trang tính có quá nhiều ô (tối đa {limit} ô). Hãy lưu dưới dạng CSV hoặc chia nhỏ tệp.",
        "en": "The sheet has too many cells (at most {limit}). Save it as CSV or split the file.",
    },
    "imp_progress_reading_rows": {"vi": "Đang đọc {file}: {n} dòng…", "en": "Reading {file}: {n} rows…"},
    "imp_confirm_above_members": {
        "vi": "Xác nhận: chấp nhận chỉ tiêu đăng ký lớn hơn số đoàn viên của đơn vị (tối đa gấp 10 lần)",
        "en": "Confirm: accept registered targets above a unit's members (up to 10 times them)",
    },
    "imp_err_cancelled": {"vi": "Đã hủy việc nhập; dữ liệu không thay đổi.", "en": "Import cancelled; the data is unchanged."},
    "imp_cancel": {"vi": "Hủy nhập", "en": "Cancel import"},
    "imp_reason_too_long": {"vi": "Quá dài (tối đa {detail} ký tự)", "en": "Too long (at most {detail} characters)"},
    "imp_reason_bad_chars": {
        "vi": "Có ký tự điều khiển hoặc ký tự đảo chiều văn bản",
        "en": "Holds control or text-direction override characters",
    },
    "imp_reason_above_members": {
        "vi": "Chỉ tiêu lớn hơn số đoàn viên của đơn vị ({detail}): hãy kiểm tra lại con số",
        "en": "Target above the unit's members ({detail}): check the figure",
    },
    "db_error_title": {"vi": "Không mở được cơ sở dữ liệu", "en": "The database cannot be opened"},
    "db_error_missing": {
        "vi": "Cơ sở dữ liệu đã cấu hình (biến môi trường SANGKIEN_DB) không tồn tại: “{name}”. "
        "Người quản trị hãy kiểm tra đường dẫn trong SANGKIEN_DB, hoặc nhập dữ liệu bằng `python -m sangkien import`, "
        "hoặc bỏ SANGKIEN_DB để dùng dữ liệu mô phỏng.",
        "en": "The configured database (environment variable SANGKIEN_DB) does not exist: “{name}”. "
        "An administrator should check the path in SANGKIEN_DB, import data with `python -m sangkien import`, "
        "or unset SANGKIEN_DB to use the simulated data.",
    },
    "db_error_unusable": {
        "vi": "Cơ sở dữ liệu đã cấu hình “{name}” không đọc được ({error}). "
        "Người quản trị hãy kiểm tra quyền đọc tệp và biến môi trường SANGKIEN_DB, rồi tải lại trang.",
        "en": "The configured database “{name}” cannot be read ({error}). "
        "An administrator should check the file's permissions and the SANGKIEN_DB environment variable, then reload.",
    },
    "as_of_clamped": {
        "vi": "Thời điểm xem số liệu {value} nằm ngoài chương trình ({opens} – {closes}); đang hiển thị {shown}.",
        "en": "The as-of time {value} is outside the campaign ({opens} – {closes}); showing {shown}.",
    },
    # --- files bounded by their bytes, leftovers (issue 22) ---
    "imp_err_zip_entries": {
        "vi": "Tệp Excel có quá nhiều thành phần bên trong ({n}; tối đa {limit}), nên không được mở: tệp xuất từ phần mềm chỉ có vài chục. "
        "Hãy mở tệp bằng Excel, lưu lại dưới dạng CSV rồi nhập tệp CSV.",
        "en": "The Excel file holds too many parts ({n}; at most {limit}), so it was not opened: an export has a few dozen. "
        "Open it in Excel, save it as CSV and import the CSV.",
    },
    "imp_err_zip_part_size": {
        "vi": "Một phần của tệp Excel ({part}) khi giải nén quá lớn ({size}; tối đa {limit}), nên không được mở. "
        "Hãy lưu tệp dưới dạng CSV hoặc chia nhỏ tệp rồi nhập lại.",
        "en": "A part of the Excel file ({part}) unpacks to too much ({size}; at most {limit}), so it was not opened. "
        "Save the file as CSV, or split it, and import again.",
    },
    "imp_err_zip_unpacked": {
        "vi": "Tệp Excel khi giải nén quá lớn ({size}; tối đa {limit}), nên không được mở. Hãy lưu dưới dạng CSV hoặc chia nhỏ tệp.",
        "en": "The Excel file unpacks to too much ({size}; at most {limit}), so it was not opened. Save it as CSV or split it.",
    },
    "imp_err_zip_ratio": {
        "vi": "Một phần của tệp Excel ({part}) bị nén chặt bất thường (giải nén ra gấp {ratio} lần; tối đa {limit} lần): "
        "đây là dấu hiệu của “bom giải nén”, nên tệp không được mở. Nếu tệp đúng là xuất từ phần mềm, hãy lưu dưới dạng CSV rồi nhập lại.",
        "en": "A part of the Excel file ({part}) is packed abnormally tightly (it unpacks to {ratio} times its size; at most {limit}): "
        "the mark of a decompression bomb, so the file was not opened. If it really is an export, save it as CSV and import that.",
    },
    "imp_err_row_too_large": {
        "vi": "Dòng thứ {row} của trang tính “{sheet}” quá lớn ({size}; tối đa {limit}), nên không được đọc. "
        "Hãy xóa các cột thừa hoặc lưu dưới dạng CSV rồi nhập lại.",
        "en": "Row {row} of the sheet “{sheet}” is too large ({size}; at most {limit}), so it was not read. "
        "Remove the extra columns or save it as CSV and import again.",
    },
    "imp_err_too_many_rows": {
        "vi": "Trang tính có dòng vượt quá giới hạn {limit} dòng của Excel, nên tệp không được đọc.",
        "en": "The sheet has a row beyond Excel's limit of {limit} rows, so the file was not read.",
    },
    # python -m sangkien doctor (sangkien/ops/doctor.py)
    "doc_title": {"vi": "Kiểm tra cơ sở dữ liệu {name}", "en": "Checking the database {name}"},
    "doc_kind_data": {"vi": "dữ liệu", "en": "data"},
    "doc_kind_state": {"vi": "trạng thái (nhóm, thiết lập, người dùng)", "en": "state (groups, settings, users)"},
    "doc_pointer_bad": {
        "vi": "Tệp con trỏ của cơ sở {what} {name} hỏng: {error}. Hãy ghi vào tệp .current tên một phiên bản còn tốt.",
        "en": "The pointer file of the {what} database {name} is broken: {error}. Write the name of a good version into the .current file.",
    },
    "doc_state_none": {
        "vi": "Chưa có cơ sở trạng thái (chưa ai lưu nhóm, thiết lập hay người dùng).",
        "en": "No state database yet (nobody has saved a group, a setting or a user).",
    },
    "doc_current_missing": {
        "vi": "Phiên bản đang dùng của cơ sở {what} ({name}) không tồn tại. Hãy ghi vào tệp .current tên một phiên bản còn tốt.",
        "en": "The current version of the {what} database ({name}) does not exist. Write the name of a good version into the .current file.",
    },
    "doc_current_ok": {
        "vi": "Phiên bản đang dùng của cơ sở {what}: {name} ({size}) mở được.",
        "en": "Current version of the {what} database: {name} ({size}) opens.",
    },
    "doc_current_bad": {
        "vi": "Phiên bản đang dùng của cơ sở {what} ({name}) không mở được: {error}.",
        "en": "The current version of the {what} database ({name}) does not open: {error}.",
    },
    "doc_versions": {
        "vi": "Phiên bản cũ của cơ sở {what}: {n} tệp, {size}.",
        "en": "Older versions of the {what} database: {n} files, {size}.",
    },
    "doc_version_bad": {"vi": "Phiên bản cũ {name} không mở được: {error}.", "en": "The older version {name} does not open: {error}."},
    "doc_busy": {
        "vi": "Đang có tiến trình ghi vào cơ sở {what}: bỏ qua việc dọn tệp thừa (chạy lại sau).",
        "en": "A writer is running on the {what} database: leftovers not checked (run again later).",
    },
    "doc_scratch": {
        "vi": "Tệp tạm của các lần nhập đã dừng giữa chừng: {n} mục, {size}.",
        "en": "Temporary files of imports that were stopped midway: {n} items, {size}.",
    },
    "doc_leftovers_listed": {
        "vi": "Có {n} tệp thừa ({size}); chạy lại không có --dry-run để xóa.",
        "en": "{n} leftovers ({size}); run again without --dry-run to remove them.",
    },
    "doc_leftovers_removed": {"vi": "Đã xóa {n} tệp thừa ({size}).", "en": "Removed {n} leftovers ({size})."},
    "doc_no_leftovers": {"vi": "Không có tệp thừa.", "en": "No leftovers."},
    "doc_ok": {"vi": "Kết quả: mọi thứ dùng được.", "en": "Result: everything is usable."},
    "doc_problems": {"vi": "Kết quả: {n} vấn đề cần xử lý (xem các dòng ✗).", "en": "Result: {n} problems to fix (see the ✗ lines)."},
    # --- first run and speed ---
    "first_run_progress": {
        "vi": "Lần chạy đầu: đang dựng dữ liệu mô phỏng — bước {step}/{steps}: {stage} · xong khoảng {pct} · đã {elapsed} giây, còn khoảng {left} giây",
        "en": "First run: building the demo data — step {step}/{steps}: {stage} · about {pct} done · {elapsed} s so far, about {left} s left",
    },
    "first_run_progress_estimating": {
        "vi": "Lần chạy đầu: đang dựng dữ liệu mô phỏng — bước {step}/{steps}: {stage} · xong khoảng {pct} · đã {elapsed} giây, đang ước tính thời gian còn lại",
        "en": "First run: building the demo data — step {step}/{steps}: {stage} · about {pct} done · {elapsed} s so far, estimating the time left",
    },
    "first_run_stage_knots": {"vi": "chuẩn bị đường tiến độ của từng đơn vị", "en": "preparing each unit's progress curve"},
    "first_run_stage_rows": {"vi": "sinh các sáng kiến", "en": "generating the initiatives"},
    "first_run_stage_submissions": {"vi": "ghi các sáng kiến", "en": "writing the initiatives"},
    "first_run_stage_statuses": {"vi": "gán trạng thái thẩm định", "en": "setting review statuses"},
    "first_run_stage_rollups": {"vi": "tính bảng tổng hợp", "en": "computing the summary tables"},
    "first_run_stage_events": {"vi": "sắp xếp các mốc thời gian", "en": "ordering the events in time"},
    "first_run_stage_rollup_day": {"vi": "cộng theo ngày", "en": "summing per day"},
    "first_run_stage_rollup_cum": {"vi": "cộng dồn theo ngày", "en": "running totals per day"},
    "first_run_stage_stats": {"vi": "thống kê chương trình", "en": "campaign statistics"},
    "first_run_stage_checkpoint": {"vi": "lưu cơ sở dữ liệu", "en": "saving the database"},
    # --- fit and finish (issue 12) ---
    "upload_button": {"vi": "Chọn tệp", "en": "Browse files"},
    "upload_limit": {
        "vi": "Kéo thả tệp vào đây hoặc bấm Chọn tệp · tối đa {mb} MB mỗi tệp",
        "en": "Drag and drop files here or browse · up to {mb} MB per file",
    },
    "ex_total": {"vi": "Tổng cộng", "en": "Total"},
    "ex_csv_help": {
        "vi": "CSV mở bằng Excel cài tiếng Việt (dấu ; ngăn cột, dấu phẩy thập phân, tỷ lệ ghi 15,6%). "
        "Muốn giữ định dạng và công thức, dùng tệp Excel (XLSX) ở trang Hội nghị.",
        "en": "CSV for Excel set to English (comma-separated, 15.6% shares). "
        "For formats and formulas, use the Excel (XLSX) file on the Meetings page.",
    },
    "gr_units_placeholder": {"vi": "Chọn đơn vị…", "en": "Choose units…"},
    "tg_summary_equal_n": {
        "vi": "**{n}/{total}** đơn vị đăng ký đúng bằng chỉ tiêu định hướng: {names}.",
        "en": "**{n}/{total}** units registered exactly the guideline: {names}.",
    },
    "mt_meeting_moment": {
        "vi": "Hội nghị họp lúc {moment}: số liệu đang tính đến thời điểm đó.",
        "en": "The meeting was held at {moment}: the figures are as of that minute.",
    },
    "mt_use_meeting_moment": {"vi": "Xem số liệu lúc hội nghị họp ({moment})", "en": "Show the figures at the meeting ({moment})"},
    # the progress status: one verdict per unit (sangkien/campaign/status.py, unit_status_as_of in queries/_macros/)
    "status_reached": {"vi": "Đã đạt", "en": "Reached"},
    "status_on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "status_watch": {"vi": "Cần theo dõi", "en": "Watch"},
    "status_at_risk": {"vi": "Nguy cơ không đạt", "en": "At risk"},
    "status_stalled": {"vi": "Ngừng cập nhật", "en": "Stalled"},
    "status_made": {"vi": "Đạt", "en": "Made it"},
    "status_missed": {"vi": "Không đạt", "en": "Missed"},
    "status_meaning_reached": {"vi": "đã cập nhật đủ chỉ tiêu đăng ký", "en": "has updated its whole registered target"},
    "status_meaning_on_track": {
        "vi": "giữ nhịp gần đây thì đạt chỉ tiêu trước hạn",
        "en": "at its recent rate it reaches its target before the close",
    },
    "status_meaning_watch": {
        "vi": "dự báo chỉ vừa đủ, hoặc chậm hơn hẳn nhịp chung của khối",
        "en": "projected to make it by a thin margin, or well behind its kind's rate",
    },
    "status_meaning_at_risk": {
        "vi": "giữ nhịp gần đây thì không đạt chỉ tiêu khi kết thúc",
        "en": "at its recent rate it ends below its target",
    },
    "status_meaning_stalled": {"vi": "không có sáng kiến mới trong {days} ngày", "en": "no new initiative for {days} days"},
    "status_meaning_made": {"vi": "kết thúc đạt chỉ tiêu đăng ký", "en": "ended at or above its registered target"},
    "status_meaning_missed": {"vi": "kết thúc dưới chỉ tiêu đăng ký", "en": "ended below its registered target"},
    "status_reason_reached": {
        "vi": "Đã cập nhật {count} / {target} sáng kiến đăng ký ({pct}): đã đạt chỉ tiêu.",
        "en": "{count} of {target} registered initiatives updated ({pct}): target reached.",
    },
    "status_reason_on_track": {
        "vi": "Đạt {pct} chỉ tiêu. Giữ nhịp {rate} sáng kiến/ngày của {window} ngày qua, dự báo đến {close} đạt {projected} / {target} ({projected_pct}), dư {margin}.",
        "en": "At {pct} of its target. At the last {window} days' {rate} initiatives a day, it is projected to reach {projected} of {target} by {close} ({projected_pct}), {margin} to spare.",
    },
    "status_reason_watch": {
        "vi": "Đạt {pct} chỉ tiêu. Giữ nhịp {rate} sáng kiến/ngày của {window} ngày qua, dự báo đến {close} chỉ đạt {projected} / {target} ({projected_pct}): dư {margin}, dưới mức an toàn {safe}.",
        "en": "At {pct} of its target. At the last {window} days' {rate} initiatives a day, it is projected to reach only {projected} of {target} by {close} ({projected_pct}): {margin} to spare, under the safe margin of {safe}.",
    },
    "status_reason_watch_ramp": {
        "vi": "Đạt {pct} chỉ tiêu. Cả khối {kind} đang khởi động (đơn vị trung vị dự báo {median}); với nhịp {rate} sáng kiến/ngày của {window} ngày qua, đơn vị dự báo {projected_pct}, dưới {ratio} mức trung vị của khối.",
        "en": "At {pct} of its target. Its whole kind ({kind}) is ramping up (the typical unit is projected at {median}); at the last {window} days' {rate} initiatives a day it is projected at {projected_pct}, under {ratio} of its kind's median.",
    },
    "status_reason_at_risk": {
        "vi": "Đạt {pct} chỉ tiêu. Giữ nhịp {rate} sáng kiến/ngày của {window} ngày qua, dự báo đến {close} chỉ đạt {projected} / {target} ({projected_pct}): thiếu {shortfall}. Cần {needed} sáng kiến/ngày từ nay.",
        "en": "At {pct} of its target. At the last {window} days' {rate} initiatives a day, it is projected to reach only {projected} of {target} by {close} ({projected_pct}): {shortfall} short. It needs {needed} a day from now.",
    },
    "status_reason_at_risk_ramp": {
        "vi": "Đạt {pct} chỉ tiêu. Cả khối {kind} đang khởi động (đơn vị trung vị dự báo {median}), nhưng với nhịp {rate} sáng kiến/ngày của {window} ngày qua đơn vị chỉ dự báo {projected_pct}, dưới {ratio} mức trung vị của khối: thiếu {shortfall}.",
        "en": "At {pct} of its target. Its whole kind ({kind}) is ramping up (the typical unit is projected at {median}), but at the last {window} days' {rate} initiatives a day it is projected at only {projected_pct}, under {ratio} of its kind's median: {shortfall} short.",
    },
    "status_reason_stalled": {
        "vi": "Không có sáng kiến mới trong {days} ngày qua; đã cập nhật {count} / {target} ({pct}).",
        "en": "No new initiative in the last {days} days; {count} of {target} updated ({pct}).",
    },
    "status_reason_made": {
        "vi": "Kết thúc với {count} / {target} sáng kiến ({pct}): đạt chỉ tiêu đăng ký.",
        "en": "Ended with {count} of {target} initiatives ({pct}): registered target made.",
    },
    "status_reason_missed": {
        "vi": "Kết thúc với {count} / {target} sáng kiến ({pct}): thiếu {shortfall} so với chỉ tiêu đăng ký.",
        "en": "Ended with {count} of {target} initiatives ({pct}): {shortfall} short of its registered target.",
    },
    "status_reason_no_target": {
        "vi": "Chưa có chỉ tiêu đăng ký: chưa đánh giá được tiến độ.",
        "en": "No registered target: progress cannot be judged.",
    },
    "status_reason_before_open": {
        "vi": "Cổng cập nhật chưa mở (mở {open}).",
        "en": "The portal is not open yet (opens {open}).",
    },
    "status_kind_province": {"vi": "LĐLĐ tỉnh, thành phố", "en": "provincial federations"},
    "status_kind_sector": {"vi": "Công đoàn ngành Trung ương", "en": "central sector unions"},
    "status_kind_corporation": {"vi": "Công đoàn Tập đoàn, Tổng Công ty", "en": "corporate unions"},
    "status_column": {"vi": "Trạng thái", "en": "Status"},
    "status_reason_column": {"vi": "Lý do", "en": "Reason"},
    "status_projected_column": {"vi": "Dự báo đến hạn", "en": "Projected at close"},
    "status_legend_title": {"vi": "Trạng thái tiến độ", "en": "Progress status"},
    # progress and overview by the one status (issue 21: bars, tile map, counts, top 10)
    "status_counts_line": {
        "vi": "Trạng thái tiến độ của {total} đơn vị: {counts}.",
        "en": "Progress status of the {total} units: {counts}.",
    },
    "col_status_name": {"vi": "Trạng thái", "en": "Status"},
    "prog_status_counts_34": {
        "vi": "Trạng thái tiến độ của {total} tỉnh, thành (2025), mỗi tỉnh mang trạng thái xấu nhất trong các tỉnh cũ hợp thành: {counts}.",
        "en": "Progress status of the {total} provinces (2025), each with the worst status among the former provinces it is made of: {counts}.",
    },
    "prog_pace_reference": {
        "vi": "Đường tiến độ dự kiến chỉ để tham chiếu: nếu cập nhật đều từ lúc mở cổng ({open}) đến lúc đóng ({close}), đến nay "
        "mỗi đơn vị lẽ ra đã đạt **{pct}** chỉ tiêu đăng ký. Trạng thái không so với đường thẳng này: nó dự báo từng đơn vị "
        "đến hạn theo nhịp cập nhật gần đây của chính đơn vị.",
        "en": "The expected-pace line is a reference only: updating evenly from the portal's opening ({open}) to its close "
        "({close}), every unit would by now have reached **{pct}** of its registered target. The status is not judged against "
        "this straight line: it projects each unit to the close from its own recent rate.",
    },
    "prog_legend_note": {
        "vi": "màu của các thanh và các ô trên bản đồ",
        "en": "the colours of the bars and of the map's tiles",
    },
    "prog_legend_note_bars": {"vi": "màu của các thanh", "en": "the colours of the bars"},
    "prog_legend_note_34": {
        "vi": "màu của các thanh và các ô; một tỉnh sau sáp nhập mang trạng thái xấu nhất trong các tỉnh cũ hợp thành",
        "en": "the colours of the bars and tiles; a merged province has the worst status among its former provinces",
    },
    "prog_tiles_legend_34": {
        "vi": "Trạng thái tiến độ (xấu nhất trong các tỉnh cũ)",
        "en": "Progress status (worst of the former provinces)",
    },
    "prog_tiles_note": {
        "vi": "Mỗi ô là một tỉnh, thành, xếp gần đúng vị trí địa lý (bắc ở trên); màu ô là trạng thái tiến độ, cùng màu với các thanh.",
        "en": "Each square is a province, placed roughly where it lies (north at the top); its colour is its progress status, "
        "the same colours as the bars.",
    },
    # --- issue 21: the watchlist and the unit page read the one progress status ---
    "wl_intro": {
        "vi": "Các đơn vị cần một cuộc gọi của lãnh đạo. Trước hết là các đơn vị **nguy cơ không đạt** hoặc **ngừng cập nhật** (sau khi kết thúc: "
        "**không đạt**), theo trạng thái tiến độ chung của mọi trang, đơn vị thiếu dự báo nhiều nhất trước; sau đó là các nhận xét khác "
        "(thấp hơn hẳn mặt bằng, dưới tiềm năng, đăng ký dưới định hướng), không bao giờ xếp trên một đơn vị có nguy cơ về tiến độ.",
        "en": "The units that need a call from leadership. First the units **at risk** or **stalled** (after the close: **missed**), by the "
        "progress status every page shows, the largest projected shortfall first; then the other findings (well below the others, below "
        "potential, registered below the guideline), which never rank above a unit with a progress risk.",
    },
    "wl_settings": {
        "vi": "Ngưỡng của các nhận xét khác và cách tính (trung bình ±{band}, {k} đơn vị cùng quy mô)",
        "en": "Thresholds of the other findings and definitions (average ±{band}, {k} similar-size units)",
    },
    "wl_definitions": {
        "vi": "**Trạng thái tiến độ** (một quy tắc cố định cho mọi trang, các ngưỡng ở đây không làm thay đổi): mỗi đơn vị được dự báo đến "
        "lúc kết thúc theo nhịp cập nhật của chính nó trong {window} ngày gần nhất. **Nguy cơ không đạt**: dự báo dưới chỉ tiêu đăng ký "
        "(khi cả khối đang khởi động, tức đơn vị trung vị của khối cũng dự báo dưới 100%: dưới {risk} mức dự báo trung vị của khối). "
        "**Cần theo dõi**: dự báo dưới {watch} chỉ tiêu (khi khối khởi động: dưới {ramp_watch} mức trung vị). **Ngừng cập nhật**: không "
        "có sáng kiến mới trong {stall} ngày. Sau khi kết thúc: **đạt** hoặc **không đạt** chỉ tiêu đăng ký. Thứ tự gọi: không đạt, "
        "ngừng cập nhật, nguy cơ không đạt, trong mỗi nhóm đơn vị thiếu dự báo nhiều nhất trước; sau đó các đơn vị chỉ có nhận xét khác.\n\n"
        "**Các nhận xét khác** (không phải trạng thái tiến độ). Đơn vị được so với các đơn vị **cùng khối** (LĐLĐ tỉnh, thành phố; công "
        "đoàn ngành Trung ương; công đoàn Tập đoàn, Tổng Công ty) bằng **trung vị** và **phân vị**, không dùng số trung bình mà một vài "
        "đơn vị rất lớn kéo lệch. Mức độ (0–100+, xếp thứ tự các đơn vị chỉ có nhận xét khác) = 100 × khoảng thiếu lớn nhất so với mốc "
        "(lý do “dưới tiềm năng” tính một nửa), cộng 10 khi có cả hai lý do và tối đa 20 khi đăng ký dưới định hướng.\n\n"
        "**Thấp hơn hẳn mặt bằng**: tỷ lệ đạt dưới {below} trung vị của các đơn vị cùng khối và thuộc một phần tư thấp nhất của khối "
        "(xét khi cổng đã mở {pace} ngày).\n\n"
        "**Ở mức trung bình cả nước, thấp hơn tiềm năng** (cách nói của báo cáo tại Hội nghị Thái Nguyên 20/4/2022): tỷ lệ cập nhật "
        "lệch không quá ±{band} so với **trung bình cả nước** = tổng đã cập nhật ÷ tổng chỉ tiêu đăng ký của {n_units} đơn vị (không "
        "phụ thuộc bộ lọc), **và** số sáng kiến trên 1.000 đoàn viên thấp hơn quá {margin} so với **tiềm năng theo quy mô** = mức mà {q} "
        "trong {k} đơn vị cùng khối có số đoàn viên gần nhất đã đạt (không kể các đơn vị cao bất thường, vượt ngưỡng Tukey Q3 + 1,5 IQR "
        "của khối). Số đoàn viên là số **ước tính**. Không áp dụng hai nhận xét này cho đơn vị vượt tiến độ theo thời gian **và** có số "
        "sáng kiến/1.000 đoàn viên từ trung vị của các đơn vị cùng quy mô trở lên.\n\n"
        "**Dưới định hướng**: chỉ tiêu đăng ký thấp hơn chỉ tiêu định hướng ({ratio} số đoàn viên, ước tính).",
        "en": "**Progress status** (one fixed rule for every page; the thresholds here do not change it): each unit is projected to the "
        "close at its own rate of the last {window} days. **At risk**: projected below its registered target (while its whole kind ramps "
        "up, i.e. its kind's median unit is projected below 100% too: under {risk} of the kind's median projection). **Watch**: projected "
        "under {watch} of its target (while the kind ramps up: under {ramp_watch} of the median). **Stalled**: no new initiative for "
        "{stall} days. After the close: **made** or **missed** the registered target. Order of calls: missed, stalled, at risk, the "
        "largest projected shortfall first in each; then the units with other findings only.\n\n"
        "**Other findings** (not progress statuses). A unit is compared with the units **of the same kind** (provincial federations; "
        "central sector unions; corporate unions) by **medians** and **quantiles**, never by a mean that a few very large units drag. "
        "Severity (0–100+, the order of the units with other findings only) = 100 × the largest shortfall against a yardstick (the "
        "“below potential” reason counts half), plus 10 when both apply and up to 20 when registered below the guideline.\n\n"
        "**Well below the others**: the share achieved is under {below} of the median of the units of its kind, and in the kind's "
        "lowest quarter (judged once the portal has been open {pace} days).\n\n"
        "**At the national average, below potential** (the words of the report to the Thái Nguyên meeting of 20/4/2022): the update "
        "rate is within ±{band} of the **national average** = all updated ÷ all registered targets of the {n_units} units (whatever "
        "the filter), **and** initiatives per 1,000 members are more than {margin} below the **potential for its size** = what {q} "
        "among the {k} units of the same kind closest in membership reached (leaving out unusually high units beyond the kind's Tukey "
        "fence Q3 + 1.5 IQR). Member numbers are **estimates**. Neither finding applies to a unit ahead of its time pace **and** at or "
        "above the median initiatives per 1,000 members of its similar-size peers.\n\n"
        "**Below guideline**: registered target below the guideline target ({ratio} of members, an estimate).",
    },
    "wl_metric_flagged": {"vi": "Cần gọi về tiến độ", "en": "Progress risks"},
    "wl_metric_flagged_help": {
        "vi": "Số đơn vị có trạng thái nguy cơ không đạt hoặc ngừng cập nhật (sau khi kết thúc: không đạt), trên số đơn vị đang xem.",
        "en": "Units whose status is at risk or stalled (after the close: missed), of the units in view.",
    },
    "wl_status_counts": {"vi": "Trạng thái tiến độ của {n} đơn vị đang xem", "en": "Progress status of the {n} units in view"},
    "wl_summary_none": {
        "vi": "Không có đơn vị nào nguy cơ không đạt hoặc ngừng cập nhật.",
        "en": "No unit is at risk or stalled.",
    },
    "wl_summary_none_closed": {"vi": "Mọi đơn vị đều đạt chỉ tiêu đăng ký.", "en": "Every unit made its registered target."},
    "wl_label_at_risk": {"vi": "Nguy cơ không đạt", "en": "At risk"},
    "wl_label_missed": {"vi": "Không đạt", "en": "Missed"},
    "wl_col_status": {"vi": "Trạng thái", "en": "Status"},
    "wl_col_shortfall": {"vi": "Thiếu dự báo", "en": "Projected shortfall"},
    "wl_col_shortfall_help": {
        "vi": "Chỉ tiêu đăng ký trừ số dự báo đến lúc kết thúc (sau khi kết thúc: trừ số đã cập nhật); số âm là phần dư.",
        "en": "Registered target minus the projection at the close (after the close: minus the count); negative is the margin.",
    },
    "wl_col_projected": {"vi": "Dự báo đến hạn", "en": "Projected at close"},
    "wl_col_severity_help": {
        "vi": "0–100+: mức của các nhận xét khác; chỉ xếp thứ tự các đơn vị không có nguy cơ về tiến độ (cách tính ở phần Ngưỡng).",
        "en": "0–100+: the weight of the other findings; it orders only the units without a progress risk (see Thresholds).",
    },
    "wl_series_rate_flagged": {
        "vi": "Đã cập nhật — nguy cơ về tiến độ (màu theo trạng thái)",
        "en": "Updated — progress risk (coloured by status)",
    },
    "mt_watch_at_risk": {
        "vi": "Nguy cơ không đạt chỉ tiêu đăng ký (theo nhịp gần đây): {units}.",
        "en": "At risk of missing the registered target (at their recent rate): {units}.",
    },
    "mt_watch_missed": {"vi": "Không đạt chỉ tiêu đăng ký: {units}.", "en": "Did not reach the registered target: {units}."},
    "ud_delta_expected": {"vi": "nhịp đều: {pct}", "en": "straight-line pace: {pct}"},
    "ud_help_expected": {
        "vi": "Nhịp đều: tỷ lệ lẽ ra đã đạt đến nay nếu cập nhật đều từ lúc mở cổng đến lúc đóng (chỉ để tham khảo; trạng thái dựa trên dự báo).",
        "en": "Straight-line pace: the share reached by now when updating evenly from the portal's opening to its close (a reference; "
        "the status rests on the projection).",
    },
    "ud_opened_first": {
        "vi": "Chưa chọn đơn vị: đang mở đơn vị cần gọi trước ({status}). Chọn đơn vị khác ở ô “Đơn vị”.",
        "en": "No unit chosen: showing the unit to call first ({status}). Choose another in the “Unit” box.",
    },
    "ud_metric_projected": {"vi": "Dự báo đến hạn", "en": "Projected at close"},
    "ud_delta_projected": {"vi": "{pct} chỉ tiêu", "en": "{pct} of target"},
    "ud_metric_final": {"vi": "Kết thúc", "en": "Final count"},
    "ud_metric_shortfall": {"vi": "Thiếu dự báo", "en": "Projected shortfall"},
    "ud_metric_margin": {"vi": "Dư dự báo", "en": "Projected margin"},
    "ud_metric_missing": {"vi": "Còn thiếu", "en": "Short by"},
    "ud_metric_made_by": {"vi": "Vượt", "en": "Over by"},
    "ud_delta_shortfall": {"vi": "so với {target} đăng ký", "en": "against {target} registered"},
    "ud_metric_needed": {"vi": "Cần mỗi ngày", "en": "Needed a day"},
    "ud_delta_needed": {"vi": "gần đây {rate}/ngày", "en": "recent {rate} a day"},
    "ud_help_projection": {
        "vi": "Dự báo = số đã cập nhật + nhịp {window} ngày gần nhất × số ngày còn lại đến khi kết thúc; cùng quy tắc với trạng thái trên mọi trang.",
        "en": "Projection = updated so far + the last {window} days' daily rate × the days left to the close; the same rule as the status on every page.",
    },
    "ud_series_projection": {"vi": "Dự báo theo nhịp {window} ngày qua", "en": "Projection at the last {window} days' rate"},
    # --- honest lengths, Xếp hạng per kind and the emulation's target gate (issue 21) ---
    "chart_own_scale": {
        "vi": "Thang đo riêng: giá trị vượt xa các đơn vị còn lại",
        "en": "Its own scale: a value far beyond the rest",
    },
    "lb_status_none": {"vi": "Chưa có chỉ tiêu", "en": "No target"},
    "lb_mixed_counts": {
        "vi": "Số đếm của các khối khác nhau về quy mô: so sánh công bằng hơn theo % chỉ tiêu đăng ký hoặc trên 1.000 đoàn viên.",
        "en": "Counts of kinds of very different sizes: % of the registered target or per 1,000 members compares them more fairly.",
    },
    "em_gate": {
        "vi": "Chưa đạt chỉ tiêu đăng ký thì không xếp Xuất sắc, Tốt ở tháng cuối",
        "en": "No Excellent or Good in the last month below the registered target",
    },
    "em_gate_help": {
        "vi": "Ở tháng xếp loại cuối cùng của chương trình, đơn vị kết thúc dưới chỉ tiêu đã đăng ký (Không đạt sau khi "
        "kết thúc; trước đó: Nguy cơ không đạt hoặc Ngừng cập nhật) chỉ được xếp tối đa loại Khá.",
        "en": "In the campaign's last ranked month, a unit that ends below its registered target (Missed after the close; "
        "before it, At risk or Stalled) is graded Fair at best.",
    },
    "em_gate_on": {
        "vi": "Tháng cuối: đơn vị chưa đạt chỉ tiêu đăng ký xếp tối đa loại Khá.",
        "en": "Last month: a unit below its registered target is graded Fair at best.",
    },
    "em_gate_off": {
        "vi": "Tháng cuối: không xét chỉ tiêu đăng ký khi xếp loại.",
        "en": "Last month: grades do not consider the registered target.",
    },
    "em_grade_gated_missed": {"vi": "{grade} (không đạt chỉ tiêu đăng ký)", "en": "{grade} (missed the registered target)"},
    "em_grade_gated_at_risk": {
        "vi": "{grade} (nguy cơ không đạt chỉ tiêu đăng ký)",
        "en": "{grade} (at risk of missing the registered target)",
    },
    "em_grade_gated_stalled": {
        "vi": "{grade} (ngừng cập nhật, chưa đạt chỉ tiêu đăng ký)",
        "en": "{grade} (stalled below the registered target)",
    },
    # --- issue 21: the meeting reads the one status (sangkien/campaign/meeting.py) ---
    "mt_status_count": {"vi": "{status}: **{k}**", "en": "{status}: **{k}**"},
    "mt_status_summary": {
        "vi": "Trạng thái tiến độ của {n} đơn vị: {counts}.",
        "en": "Progress status of the {n} units: {counts}.",
    },
    "mt_status_summary_closed": {
        "vi": "Kết quả của {n} đơn vị khi chương trình kết thúc: {counts}.",
        "en": "Where the {n} units ended when the campaign closed: {counts}.",
    },
    "mt_status_units": {"vi": "{status}: {items}.", "en": "{status}: {items}."},
    "mt_status_item": {"vi": "{unit} ({pct})", "en": "{unit} ({pct})"},
    "mt_watch_progress": {
        "vi": "Về tiến độ, {k}/{n} đơn vị cần lưu ý, nghiêm trọng nhất trước:",
        "en": "On progress, {k} of the {n} units need attention, most serious first:",
    },
    "mt_watch_progress_item": {"vi": "**{unit}** — {status}: {reason}", "en": "**{unit}** — {status}: {reason}"},
    "mt_watch_progress_none": {
        "vi": "Về tiến độ, không đơn vị nào của nhóm cần lưu ý ({counts}).",
        "en": "On progress, no unit of the group needs attention ({counts}).",
    },
    "mt_watch_progress_none_closed": {
        "vi": "Về tiến độ, cả {n} đơn vị của nhóm đạt chỉ tiêu đăng ký ({counts}).",
        "en": "On progress, all {n} units of the group made their registered target ({counts}).",
    },
    "mt_watch_other": {
        "vi": "Nhận xét khác (không phải đánh giá tiến độ):",
        "en": "Other findings (not a progress verdict):",
    },
    "mt_watch_label_progress": {"vi": "Tiến độ", "en": "Progress"},
    # formats (sangkien/core/fmt.py)
    "fmt_billion_vnd": {"vi": "{amount} tỷ đồng", "en": "{amount} billion VND"},
    "fmt_moment": {"vi": "{time} ngày {day}", "en": "{time} on {day}"},
    "fmt_stamp": {"vi": "Tính đến {moment}", "en": "As of {moment}"},
    # --- fail closed, text is text (issue 22) ---
    "em_settings_log": {"vi": "Lịch sử cách chấm điểm ({n} lần lưu)", "en": "History of the scoring ({n} saves)"},
    "em_log_when": {"vi": "Lúc", "en": "When"},
    "em_log_who": {"vi": "Người lưu", "en": "Saved by"},
    "em_log_changes": {"vi": "Thay đổi", "en": "Changes"},
    "imp_err_nul_byte": {
        "vi": "Tệp chứa ký tự NUL (byte 0) ở dòng {line}, cột “{column}”: tệp văn bản CSV/TXT không có ký tự này, nên cả tệp bị "
        "từ chối thay vì lặng lẽ bỏ ký tự đi. Hãy xuất lại tệp từ phần mềm, hoặc xóa ký tự đó rồi nhập lại.",
        "en": "The file holds a NUL character (byte 0) on line {line}, column “{column}”: a CSV/TXT text file has none, so the "
        "whole file is refused rather than the character silently dropped. Export the file again, or delete that character "
        "and import again.",
    },
    "auth_err_no_caller": {
        "vi": "Không thể {action}: lời gọi này không đến từ một phiên đã đăng nhập, cũng không từ dòng lệnh "
        "(python -m sangkien …), nên không được thay đổi gì.",
        "en": "Cannot {action}: this call comes neither from a signed-in session nor from the command line "
        "(python -m sangkien …), so it may change nothing.",
    },
    # --- issue 26 (a): compare two minutes, drill, the link is the view ---
    "reason_compare": {"vi": "cần 7d, 30d, off hoặc dạng YYYY-MM-DDTHH:MM", "en": "expected 7d, 30d, off or YYYY-MM-DDTHH:MM"},
    "reason_compare_before": {
        "vi": "thời điểm so sánh phải trước thời điểm xem",
        "en": "the comparison minute must come before the as-of minute",
    },
    "cmp_label": {"vi": "So sánh với", "en": "Compare with"},
    "cmp_help": {
        "vi": "Các con số trên trang kèm mức thay đổi kể từ thời điểm này: số sáng kiến tăng thêm, phần trăm tăng, "
        "thứ hạng lên/xuống, trạng thái thay đổi.",
        "en": "The figures on the page show their change since this minute: initiatives added, percentage gained, "
        "rank moved, status changed.",
    },
    "cmp_choice_7d": {"vi": "7 ngày trước", "en": "7 days earlier"},
    "cmp_choice_30d": {"vi": "Tháng trước (30 ngày)", "en": "Last month (30 days)"},
    "cmp_choice_at": {"vi": "Thời điểm khác…", "en": "Another minute…"},
    "cmp_choice_off": {"vi": "Không so sánh", "en": "No comparison"},
    "cmp_date": {"vi": "Ngày so sánh", "en": "Comparison date"},
    "cmp_since": {"vi": "so với {moment}", "en": "since {moment}"},
    "cmp_points": {"vi": "{n} điểm %", "en": "{n} pts"},
    "cmp_rank_new": {"vi": "mới", "en": "new"},
    "cmp_status_line": {
        "vi": "Thay đổi {since}: thêm {added} sáng kiến; {changed} đơn vị đổi trạng thái, {entered} đơn vị mới rơi vào "
        "diện cần lưu tâm (nguy cơ, chững lại, không đạt), {left} đơn vị đã ra khỏi diện này.",
        "en": "Change {since}: {added} more initiatives; {changed} units changed status, {entered} units newly entered a "
        "progress risk (at risk, stalled, missed), {left} units left one.",
    },
    "cmp_col_change": {"vi": "Tăng thêm", "en": "Added"},
    "cmp_col_moved": {"vi": "Hạng ±", "en": "Rank ±"},
    "drill_title": {"vi": "Đi sâu: vùng → tỉnh → công đoàn cơ sở", "en": "Drill down: region → province → grassroots union"},
    "drill_regions_title": {
        "vi": "Tỷ lệ cập nhật so với chỉ tiêu đăng ký, theo vùng",
        "en": "Updated against registered targets, by region",
    },
    "drill_hover_units": {"vi": "{n} đơn vị", "en": "{n} units"},
    "drill_central": {"vi": "Khối Trung ương", "en": "Central unions"},
    "drill_nation": {"vi": "Cả nước", "en": "Nationwide"},
    "drill_open_unit": {"vi": "Mở trang đơn vị {name} →", "en": "Open the page of {name} →"},
    "drill_hint_regions": {"vi": "Bấm vào một vùng để xem các tỉnh, thành của vùng.", "en": "Click a region to see its provinces."},
    "drill_hint_units": {
        "vi": "Bấm vào một đơn vị để xem các công đoàn cơ sở của đơn vị; nút “Cả nước” để quay lại.",
        "en": "Click a unit to see its grassroots unions; “Nationwide” goes back.",
    },
    "drill_hint_grassroots": {
        "vi": "Các công đoàn cơ sở có nhiều sáng kiến nhất của đơn vị; các nút phía trên để quay lại.",
        "en": "The unit's grassroots unions with the most initiatives; the buttons above go back.",
    },
    "drill_reason_unit": {"vi": "không phải đơn vị thuộc vùng đang xem", "en": "not a unit of the region shown"},
    "drill_no_grassroots": {"vi": "Đơn vị chưa có sáng kiến nào tại thời điểm này.", "en": "The unit has no initiatives at this minute."},
    "drill_grassroots_note": {"vi": "{n} công đoàn cơ sở dẫn đầu.", "en": "The leading {n} grassroots unions."},
    "page_compare": {"vi": "So sánh hai thời điểm", "en": "Compare two minutes"},
    "cmp_intro": {
        "vi": "Cùng một phạm vi tại hai thời điểm: thời điểm xem số liệu và thời điểm so sánh (chọn ở thanh bên).",
        "en": "One scope at two minutes: the as-of minute and the comparison minute (chosen in the sidebar).",
    },
    "cmp_choose": {"vi": "Hãy chọn một thời điểm so sánh ở thanh bên.", "en": "Choose a comparison minute in the sidebar."},
    "cmp_change_header": {"vi": "Thay đổi", "en": "Change"},
    "cmp_kpi_achieved": {"vi": "Tỷ lệ cập nhật so với chỉ tiêu đăng ký", "en": "Updated against registered targets"},
    "cmp_kpi_risk": {
        "vi": "Đơn vị cần lưu tâm (nguy cơ, chững lại, không đạt)",
        "en": "Units at a progress risk (at risk, stalled, missed)",
    },
    "cmp_status_at": {"vi": "Trạng thái lúc {moment}: {counts}.", "en": "Statuses at {moment}: {counts}."},
    "cmp_table_title": {"vi": "Từng đơn vị ở hai thời điểm", "en": "Every unit at both minutes"},
    "cmp_table_note": {
        "vi": "Đơn vị đổi trạng thái đứng đầu, nặng hơn trước; bấm tên để mở trang đơn vị.",
        "en": "Units whose status changed first, worse first; click a name to open its page.",
    },
    "cmp_col_status_was": {"vi": "Trạng thái trước", "en": "Status then"},
    "cmp_col_status_now": {"vi": "Trạng thái nay", "en": "Status now"},
    "cmp_col_count_was": {"vi": "Cập nhật trước", "en": "Updated then"},
    "cmp_col_count_now": {"vi": "Cập nhật nay", "en": "Updated now"},
    "cmp_col_pct_was": {"vi": "% chỉ tiêu trước", "en": "% of target then"},
    "cmp_col_pct_now": {"vi": "% chỉ tiêu nay", "en": "% of target now"},
    "cmp_col_pct_change": {"vi": "± % chỉ tiêu", "en": "± % of target"},
    "reason_range": {"vi": "giá trị nằm ngoài khoảng cho phép", "en": "the value is out of range"},
    "wl_new_badge": {"vi": "mới", "en": "new"},
    "wl_new_note": {
        "vi": "Nhãn “mới”: đơn vị có trong danh sách bây giờ nhưng chưa có lúc {moment}.",
        "en": "“new”: a unit on the list now that was not on it at {moment}.",
    },
    "wl_open_unit": {"vi": "Mở trang đơn vị: trạng thái, lý do và dự báo →", "en": "Open the unit's page: status, reason and projection →"},
    # --- issue 26 (c): the change since the comparison minute on Tiến độ, Chỉ tiêu, Thành phần ---
    "cp_col_non_leader_pct_change": {"vi": "± % NLĐ trực tiếp", "en": "± % direct workers"},
    "tg_cmp_line": {
        "vi": "Thay đổi {since}: thêm {added} sáng kiến; tỷ lệ cập nhật so với chỉ tiêu đăng ký {points}.",
        "en": "Change {since}: {added} more initiatives; updated against registered targets {points}.",
    },
    # --- e-mailed reports: subscriptions, the weekly pack, alerts, deliveries (issue 25) ---
    "page_subscriptions": {"vi": "Báo cáo qua thư điện tử", "en": "E-mailed reports"},
    "sc_nation": {"vi": "Cả nước", "en": "Nationwide"},
    "sc_kind_province": {"vi": "LĐLĐ các tỉnh, thành phố", "en": "Provincial federations"},
    "sc_kind_sector": {"vi": "Công đoàn ngành Trung ương", "en": "Central sector unions"},
    "sc_kind_corporation": {"vi": "Công đoàn Tập đoàn, Tổng Công ty", "en": "Corporate unions"},
    "sc_err_form": {
        "vi": "Phạm vi “{text}” không hợp lệ: cần nation, region:MÃ, group:MÃ, kind:province|sector|corporation hoặc unit:MÃ.",
        "en": "The scope “{text}” is not valid: use nation, region:CODE, group:ID, kind:province|sector|corporation or unit:CODE.",
    },
    "sc_err_kind": {
        "vi": "Không có loại đơn vị “{value}”; dùng một trong: {kinds}.",
        "en": "There is no unit kind “{value}”; use one of: {kinds}.",
    },
    "sc_err_unit": {"vi": "Không có đơn vị mã “{value}”.", "en": "There is no unit with the code “{value}”."},
    "sc_err_region": {
        "vi": "Không có vùng “{value}”; dùng một trong: {codes}.",
        "en": "There is no region “{value}”; use one of: {codes}.",
    },
    "sc_err_group": {
        "vi": "Không có nhóm “{value}” (xem trang Hội nghị khu vực).",
        "en": "There is no group “{value}” (see the Regional meeting page).",
    },
    "sub_act_change": {"vi": "thay đổi danh sách nhận báo cáo qua thư", "en": "change the e-mailed reports' subscriptions"},
    "sub_err_recipients": {
        "vi": "Cần ít nhất một địa chỉ thư điện tử người nhận.",
        "en": "At least one recipient e-mail address is needed.",
    },
    "sub_err_recipients_many": {"vi": "Tối đa {n} người nhận cho một đăng ký.", "en": "At most {n} recipients per subscription."},
    "sub_err_address": {"vi": "“{address}” không phải địa chỉ thư điện tử hợp lệ.", "en": "“{address}” is not a valid e-mail address."},
    "sub_err_report": {
        "vi": "Không có loại báo cáo “{report}”; dùng một trong: {reports}.",
        "en": "There is no report “{report}”; use one of: {reports}.",
    },
    "sub_err_schedule": {
        "vi": "Không có lịch “{schedule}”; dùng một trong: {schedules}.",
        "en": "There is no schedule “{schedule}”; use one of: {schedules}.",
    },
    "sub_err_weekly_run": {
        "vi": "Báo cáo tuần không gửi “ngay khi có thay đổi”: chọn hằng tuần, hằng ngày hoặc mỗi khi có dữ liệu mới.",
        "en": "The weekly pack is not sent “as soon as something changes”: choose weekly, daily or each new data version.",
    },
    "sub_err_day": {"vi": "Ngày “{day}” không hợp lệ; dùng một trong: {days}.", "en": "The day “{day}” is not valid; use one of: {days}."},
    "sub_err_at": {
        "vi": "Giờ “{at}” không hợp lệ: cần dạng HH:MM (giờ Việt Nam), ví dụ 07:30.",
        "en": "The time “{at}” is not valid: use HH:MM (Vietnam time), e.g. 07:30.",
    },
    "sub_err_lang": {"vi": "Ngôn ngữ “{value}” không hợp lệ: dùng vi hoặc en.", "en": "The language “{value}” is not valid: use vi or en."},
    "sub_err_missing": {"vi": "Không có đăng ký số {id}.", "en": "There is no subscription number {id}."},
    "rp_subject": {"vi": "Sáng kiến — {scope} — tính đến {moment}", "en": "Initiatives — {scope} — as of {moment}"},
    "rp_title": {
        "vi": "Tiến độ Chương trình “1 triệu sáng kiến” — {scope}",
        "en": "Progress of the “1 million initiatives” campaign — {scope}",
    },
    "rp_head_count": {
        "vi": "Đã cập nhật {count} sáng kiến, đạt {pct} chỉ tiêu đăng ký ({target}).",
        "en": "{count} initiatives updated: {pct} of the registered target ({target}).",
    },
    "rp_head_valid": {
        "vi": "{valid} sáng kiến hợp lệ; {active} trong {units} đơn vị đã có sáng kiến.",
        "en": "Valid initiatives: {valid}; units with initiatives: {active} of {units}.",
    },
    "rp_head_nation": {
        "vi": "So với mục tiêu {target} sáng kiến của Chương trình: {pct}.",
        "en": "Against the campaign's target of {target} initiatives: {pct}.",
    },
    "rp_sec_overview": {"vi": "Số liệu chung", "en": "Headline figures"},
    "rp_sec_change": {"vi": "Thay đổi trong {days} ngày qua", "en": "Change over the last {days} days"},
    "rp_sec_status": {"vi": "Đơn vị chuyển trạng thái", "en": "Units whose status changed"},
    "rp_sec_ranking": {"vi": "Dẫn đầu và cuối bảng", "en": "Top and bottom"},
    "rp_row_submitted": {"vi": "Sáng kiến đã cập nhật", "en": "Initiatives updated"},
    "rp_row_valid": {"vi": "Sáng kiến hợp lệ", "en": "Valid initiatives"},
    "rp_row_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "rp_row_active": {"vi": "Đơn vị đã có sáng kiến", "en": "Units with initiatives"},
    "rp_row_pct": {"vi": "% chỉ tiêu đăng ký", "en": "% of registered target"},
    "rp_col_measure": {"vi": "Chỉ số", "en": "Measure"},
    "rp_col_now": {"vi": "Hiện nay", "en": "Now"},
    "rp_col_before": {"vi": "Ngày {day}", "en": "On {day}"},
    "rp_col_change": {"vi": "Thay đổi", "en": "Change"},
    "rp_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "rp_col_was": {"vi": "Trước", "en": "Was"},
    "rp_col_is": {"vi": "Trạng thái", "en": "Status"},
    "rp_col_reason": {"vi": "Lý do", "en": "Reason"},
    "rp_col_rank": {"vi": "Hạng", "en": "Rank"},
    "rp_col_submitted": {"vi": "Đã cập nhật", "en": "Updated"},
    "rp_col_registered": {"vi": "Chỉ tiêu đăng ký", "en": "Registered target"},
    "rp_col_pct": {"vi": "% chỉ tiêu", "en": "% of target"},
    "rp_col_week": {"vi": "Tăng {days} ngày", "en": "Last {days} days"},
    "rp_points": {"vi": "{sign}{value} điểm %", "en": "{sign}{value} pts"},
    "rp_change_new": {
        "vi": "Trong {days} ngày (từ {day}) có thêm {new} sáng kiến được cập nhật.",
        "en": "{new} initiatives were updated in the {days} days since {day}.",
    },
    "rp_change_pct": {
        "vi": "Tỷ lệ hoàn thành chỉ tiêu đăng ký thay đổi {points}.",
        "en": "The share of the registered target changed by {points}.",
    },
    "rp_change_status": {"vi": "Trạng thái tiến độ hiện nay: {counts}.", "en": "Progress statuses now: {counts}."},
    "rp_status_count": {"vi": "{status}: {k}", "en": "{status}: {k}"},
    "rp_status_none": {
        "vi": "Không đơn vị nào mới rơi vào nguy cơ hay thoát khỏi nguy cơ trong {days} ngày qua.",
        "en": "No unit newly entered or left a progress risk in the last {days} days.",
    },
    "rp_status_new_risk": {"vi": "{k} đơn vị mới có nguy cơ không đạt hoặc chững lại.", "en": "{k} units newly at risk or stalled."},
    "rp_status_recovered": {"vi": "{k} đơn vị đã thoát khỏi nguy cơ.", "en": "{k} units recovered."},
    "rp_rank_top_bottom": {
        "vi": "{n} đơn vị dẫn đầu và {n} đơn vị cuối bảng (trong {total} đơn vị có chỉ tiêu), theo % chỉ tiêu đăng ký.",
        "en": "The top {n} and bottom {n} of {total} units with a target, by the share of their registered target.",
    },
    "rp_rank_all": {
        "vi": "{total} đơn vị có chỉ tiêu, theo % chỉ tiêu đăng ký.",
        "en": "{total} units with a target, by the share of their registered target.",
    },
    "rp_total": {"vi": "Cộng ({n} đơn vị)", "en": "Total ({n} units)"},
    "rp_open_dashboard": {
        "vi": "Mở bảng điều khiển tại đúng phạm vi và thời điểm này",
        "en": "Open the dashboard at this scope and minute",
    },
    "rp_attached": {"vi": "Tệp đính kèm: {files}.", "en": "Attached: {files}."},
    "rp_too_large": {
        "vi": "Các tệp báo cáo vượt quá {mb} MB nên không đính kèm; tải tại bảng điều khiển: {link}",
        "en": "The report files exceed {mb} MB, so they are not attached; download them from the dashboard: {link}",
    },
    "rp_footer": {
        "vi": "Thư tự động từ bảng điều khiển Sáng kiến. Muốn thôi nhận, hãy báo người quản trị bảng điều khiển.",
        "en": "An automatic message from the Sáng kiến dashboard. To stop receiving it, ask the dashboard's administrator.",
    },
    "rp_docx_org": {"vi": "Tổng Liên đoàn Lao động Việt Nam", "en": "Vietnam General Confederation of Labour"},
    "rp_docx_place": {"vi": "Hà Nội", "en": "Hanoi"},
    "rp_docx_number": {"vi": "Số:      /BC-TLĐ", "en": "No.:      /BC-TLĐ"},
    "rp_docx_date": {"vi": "{place}, ngày {day} tháng {month} năm {year}", "en": "{place}, {day}/{month}/{year}"},
    "rp_docx_kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "rp_docx_recipients": {"vi": "Nơi nhận:", "en": "To:"},
    "rp_docx_recipients_list": {"vi": "- Như trên;\n- Lưu: VT.", "en": "- As above;\n- File."},
    "rp_docx_signer": {"vi": "NGƯỜI BÁO CÁO", "en": "REPORTED BY"},
    "rp_docx_sign_hint": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature and full name)"},
    "al_subject": {"vi": "Sáng kiến — Cảnh báo — {scope} — {moment}", "en": "Initiatives — Alert — {scope} — {moment}"},
    "al_title": {"vi": "Cảnh báo tiến độ — {scope}", "en": "Progress alert — {scope}"},
    "al_section": {"vi": "Thay đổi kể từ lần báo trước", "en": "Changes since the last alert"},
    "al_entered": {"vi": "{k} đơn vị chuyển sang trạng thái cần lưu ý.", "en": "{k} units entered a progress risk."},
    "al_left": {"vi": "{k} đơn vị đã thoát khỏi nguy cơ.", "en": "{k} units recovered."},
    "al_milestone_pct": {
        "vi": "{scope} đã vượt mốc {mark} chỉ tiêu đăng ký: {count} sáng kiến, đạt {pct}.",
        "en": "{scope} passed {mark} of its registered target: {count} initiatives, {pct}.",
    },
    "al_milestone_count": {
        "vi": "Cả nước đã vượt mốc {mark} sáng kiến: {count} sáng kiến.",
        "en": "The nation passed {mark} initiatives: {count}.",
    },
    "sub_cli_added": {"vi": "Đã thêm đăng ký số {id}.", "en": "Subscription {id} added."},
    "sub_cli_removed": {"vi": "Đã xóa đăng ký số {id}.", "en": "Subscription {id} removed."},
    "sub_cli_none": {"vi": "Chưa có đăng ký nhận báo cáo nào.", "en": "No subscriptions yet."},
    "dl_sent": {"vi": "Đã gửi: đăng ký {id}, lượt {slot}. {detail}", "en": "Sent: subscription {id}, slot {slot}. {detail}"},
    "dl_failed": {
        "vi": "Chưa gửi được: đăng ký {id}, lượt {slot}: {detail} (sẽ thử lại ở lần chạy sau)",
        "en": "Not sent: subscription {id}, slot {slot}: {detail} (the next run tries again)",
    },
    "dl_skipped": {
        "vi": "Bỏ qua: đăng ký {id}, lượt {slot} do lần chạy khác đảm nhận.",
        "en": "Skipped: subscription {id}, slot {slot} is another run's.",
    },
    "dl_started": {
        "vi": "Đăng ký {id} bắt đầu từ {detail}; các lượt sau đó sẽ được gửi.",
        "en": "Subscription {id} starts at {detail}; the slots after it will be sent.",
    },
    "dl_nothing": {
        "vi": "Đăng ký {id}, lượt {slot}: không có thay đổi, không gửi.",
        "en": "Subscription {id}, slot {slot}: nothing changed, nothing sent.",
    },
    "dl_dry_run": {
        "vi": "Chạy thử: đăng ký {id}, lượt {slot} (không gửi). {detail}",
        "en": "Dry run: subscription {id}, slot {slot} (not sent). {detail}",
    },
    "dl_act_deliver": {"vi": "ghi nhận việc gửi báo cáo qua thư", "en": "record the e-mailed reports' deliveries"},
    "dl_nothing_due": {"vi": "Không có báo cáo nào đến hạn.", "en": "No report is due."},
    "dl_err_now": {
        "vi": "--now cần dạng 2022-04-25T07:30 (giờ Việt Nam), không phải “{now}”.",
        "en": "--now must look like 2022-04-25T07:30 (Vietnam time), not “{now}”.",
    },
    "dl_err_out": {"vi": "--dry-run cần --out THƯ_MỤC để ghi các thư.", "en": "--dry-run needs --out FOLDER to write the messages to."},
    "dl_err_settings": {"vi": "Chưa gửi được thư: {error}", "en": "Cannot send mail: {error}"},
    "su_intro": {
        "vi": "Gửi báo cáo tuần hoặc cảnh báo tới lãnh đạo qua thư điện tử, theo lịch (giờ Việt Nam). Lệnh "
        "`python -m sangkien deliver` (chạy theo bộ hẹn giờ) gửi mỗi báo cáo đến hạn đúng một lần.",
        "en": "Send the weekly pack or alerts to leaders by e-mail, on a schedule (Vietnam time). The command "
        "`python -m sangkien deliver` (run by a timer) sends each report that is due exactly once.",
    },
    "su_list_title": {"vi": "Danh sách đăng ký", "en": "Subscriptions"},
    "su_none": {"vi": "Chưa có đăng ký nhận báo cáo nào.", "en": "No subscriptions yet."},
    "su_add_title": {"vi": "Thêm đăng ký", "en": "Add a subscription"},
    "su_scope_pick": {"vi": "Phạm vi", "en": "Scope"},
    "su_scope_value": {"vi": "Chọn phạm vi", "en": "Choose the scope"},
    "su_scope_nation": {"vi": "Cả nước", "en": "Nationwide"},
    "su_scope_region": {"vi": "Một vùng", "en": "A region"},
    "su_scope_group": {"vi": "Một nhóm hội nghị", "en": "A meeting group"},
    "su_scope_kind": {"vi": "Một loại đơn vị", "en": "A kind of unit"},
    "su_scope_unit": {"vi": "Một đơn vị", "en": "One unit"},
    "su_to": {"vi": "Người nhận (địa chỉ thư, cách nhau bởi dấu phẩy)", "en": "Recipients (e-mail addresses, comma separated)"},
    "su_report": {"vi": "Báo cáo", "en": "Report"},
    "su_report_weekly": {"vi": "Báo cáo tuần", "en": "Weekly pack"},
    "su_report_alerts": {"vi": "Cảnh báo", "en": "Alerts"},
    "su_schedule": {"vi": "Lịch gửi", "en": "Schedule"},
    "su_every_weekly": {"vi": "Hằng tuần, {day} lúc {at}", "en": "Weekly, {day} at {at}"},
    "su_every_daily": {"vi": "Hằng ngày lúc {at}", "en": "Daily at {at}"},
    "su_every_data": {"vi": "Mỗi khi có dữ liệu mới", "en": "At each new data version"},
    "su_every_run": {"vi": "Ngay khi có thay đổi", "en": "As soon as something changes"},
    "su_pick_weekly": {"vi": "Hằng tuần (ngày và giờ bên dưới)", "en": "Weekly (day and time below)"},
    "su_pick_daily": {"vi": "Hằng ngày (giờ bên dưới)", "en": "Daily (time below)"},
    "su_pick_data": {"vi": "Mỗi khi có dữ liệu mới", "en": "At each new data version"},
    "su_pick_run": {"vi": "Ngay khi có thay đổi (cảnh báo)", "en": "As soon as something changes (alerts)"},
    "su_day": {"vi": "Ngày trong tuần (lịch hằng tuần)", "en": "Day of the week (weekly schedule)"},
    "su_day_mon": {"vi": "thứ Hai", "en": "Monday"},
    "su_day_tue": {"vi": "thứ Ba", "en": "Tuesday"},
    "su_day_wed": {"vi": "thứ Tư", "en": "Wednesday"},
    "su_day_thu": {"vi": "thứ Năm", "en": "Thursday"},
    "su_day_fri": {"vi": "thứ Sáu", "en": "Friday"},
    "su_day_sat": {"vi": "thứ Bảy", "en": "Saturday"},
    "su_day_sun": {"vi": "Chủ nhật", "en": "Sunday"},
    "su_at": {"vi": "Giờ gửi (HH:MM, giờ Việt Nam)", "en": "Time (HH:MM, Vietnam time)"},
    "su_lang": {"vi": "Ngôn ngữ của báo cáo", "en": "Report language"},
    "su_add": {"vi": "Thêm đăng ký", "en": "Add the subscription"},
    "su_added": {"vi": "Đã thêm đăng ký số {id}.", "en": "Subscription {id} added."},
    "su_remove_pick": {"vi": "Chọn đăng ký cần xóa (số)", "en": "Subscription to remove (number)"},
    "su_remove": {"vi": "Xóa đăng ký", "en": "Remove the subscription"},
    "su_removed": {"vi": "Đã xóa đăng ký số {id}.", "en": "Subscription {id} removed."},
    "su_log_title": {"vi": "Lịch sử thay đổi", "en": "History of changes"},
    "su_action_add": {"vi": "Thêm", "en": "Added"},
    "su_action_remove": {"vi": "Xóa", "en": "Removed"},
    "su_col_id": {"vi": "Số", "en": "No."},
    "su_col_report": {"vi": "Báo cáo", "en": "Report"},
    "su_col_scope": {"vi": "Phạm vi", "en": "Scope"},
    "su_col_schedule": {"vi": "Lịch gửi", "en": "Schedule"},
    "su_col_to": {"vi": "Người nhận", "en": "Recipients"},
    "su_col_lang": {"vi": "Ngôn ngữ", "en": "Language"},
    "su_col_last": {"vi": "Gửi gần nhất", "en": "Last sent"},
    "su_col_by": {"vi": "Người thực hiện", "en": "By"},
    "su_col_when": {"vi": "Lúc", "en": "When"},
    "su_col_action": {"vi": "Thao tác", "en": "Action"},
    "su_col_detail": {"vi": "Chi tiết", "en": "Detail"},
    # --- issue 26: take a chart away (web/chart_data.py, web/page_tables.py), words, defaults ---
    "cd_csv": {"vi": "Số liệu (CSV)", "en": "Data (CSV)"},
    "cd_xlsx": {"vi": "Số liệu (Excel)", "en": "Data (Excel)"},
    "cd_csv_help": {
        "vi": "Số liệu vẽ nên biểu đồ này (từng chuỗi, từng điểm), kèm thời điểm số liệu; mở được bằng Excel.",
        "en": "The data this chart draws (every series, every point), with the as-of stamp; opens in Excel.",
    },
    "cd_xlsx_help": {
        "vi": "Số liệu vẽ nên biểu đồ này dưới dạng bảng Excel, kèm tiêu đề và thời điểm số liệu. Ảnh biểu đồ (PNG): nút máy ảnh "
        "trên thanh công cụ của biểu đồ.",
        "en": "The data this chart draws as an Excel table, with its title and as-of stamp. The chart's picture (PNG): the camera "
        "button on the chart's toolbar.",
    },
    "cd_series": {"vi": "Chuỗi số liệu", "en": "Series"},
    "cd_x": {"vi": "Trục ngang", "en": "Horizontal axis"},
    "cd_y": {"vi": "Trục dọc", "en": "Vertical axis"},
    "cd_label": {"vi": "Nhãn trên biểu đồ", "en": "Label on the chart"},
    "cd_detail": {"vi": "Chi tiết {n}", "en": "Detail {n}"},
    "pt_xlsx": {
        "vi": "Tải mọi bảng và biểu đồ của trang ({n} bảng, Excel)",
        "en": "Download every table and chart of the page ({n} sheets, Excel)",
    },
    "pt_xlsx_help": {
        "vi": "Một tệp Excel, mỗi bảng và số liệu của mỗi biểu đồ trên trang là một trang tính, kèm thời điểm số liệu.",
        "en": "One Excel file: every table and every chart's data on the page, a sheet each, with the as-of stamp.",
    },
    "pt_title": {"vi": "Sáng kiến — {page}", "en": "Initiatives — {page}"},
    # --- issue 26: finish on phones (Báo cáo thư) ---
    "su_remove_placeholder": {"vi": "Chọn số đăng ký…", "en": "Choose a number…"},
}


def t(key: str, lang: str = "vi", **values) -> Markup:
    """Look up a UI string for a markdown surface (st.markdown, st.caption, st.error, ...); unknown
    keys fail loudly in tests rather than showing a raw key.

    Every value is escaped (safe.md_value: never a link, image, math or style), except `Markup`
    (what safe.md() and t() return): fragments already safe to show as markdown."""
    return translate("md", key, lang, **values)


def t_text(key: str, lang: str = "vi", **values) -> str:
    """t() for a surface that is not markdown (st.text, table cells, files): values as text,
    without control or bidi characters (safe.plain)."""
    return translate("text", key, lang, **values)


def t_term(key: str, lang: str = "vi", **values) -> str:
    """t() for the terminal: control and escape characters in the values shown visibly (safe.term)."""
    return translate("term", key, lang, **values)


def translate(surface: str, key: str, lang: str = "vi", **values) -> str:
    """The catalogue string `key` with `values` escaped for `surface`: "md", "text" or "term"."""
    entry = CATALOG[key]
    text = entry.get(lang) or entry["vi"]
    if not values:
        return Markup(text) if surface == "md" else text
    if surface == "md":
        starts = _line_start_fields(text)
        values = {k: v if isinstance(v, Markup) or _is_number(v) else safe.md_value(v, k in starts) for k, v in values.items()}
    elif surface == "term":
        values = {k: v if _is_number(v) else safe.term(safe.unmd(v) if isinstance(v, Markup) else v) for k, v in values.items()}
    else:
        values = {k: v if _is_number(v) else safe.plain(safe.unmd(v) if isinstance(v, Markup) else v) for k, v in values.items()}
    text = text.format(**values)
    if lang == "en":
        text = _singular_en(text)
    return Markup(text) if surface == "md" else text


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


@functools.cache
def _line_start_fields(template: str) -> frozenset[str]:
    """The placeholders that begin a line of `template` (their values could start a heading or list)."""
    fields, before = set(), ""
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        before += literal
        if field is not None:
            if before.rstrip(" ").endswith("\n") or not before.strip(" "):
                fields.add(field)
            before += "x"
    return frozenset(fields)


def placeholders(key: str) -> dict[str, set[str]]:
    """The placeholders of a catalogue key, per language."""
    return {lang: {f for _l, f, _s, _c in string.Formatter().parse(text) if f} for lang, text in CATALOG[key].items()}


# English nouns after a count: "1 units" reads "1 unit". Vietnamese has no plural forms.
_PLURALS = {
    "units": "unit",
    "initiatives": "initiative",
    "days": "day",
    "rows": "row",
    "files": "file",
    "groups": "group",
    "members": "member",
    "submissions": "submission",
    "months": "month",
    "versions": "version",
    "saves": "save",
}
_ONE_PLURAL = re.compile(r"(?<![\d.,/])1 (" + "|".join(_PLURALS) + r")\b")


def _singular_en(text: str) -> str:
    return _ONE_PLURAL.sub(lambda m: "1 " + _PLURALS[m.group(1)], text) if "1 " in text else text


def name_col(lang: str) -> str:
    """The column holding a name in this language (queries return name_vi and name_en)."""
    return "name_en" if lang == "en" else "name_vi"
