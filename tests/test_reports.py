"""The e-mailed reports end to end: subscriptions and `deliver` through the command line, a real
SMTP server in this process (aiosmtpd on 127.0.0.1), the messages read back as a mail client would.

The tiny database (tests/fixtures.py): campaign T, March 2024; units An Phú (U-A), Bắc Sơn (U-B),
Công đoàn Cờ (U-C); the custom group G1 (U-A, U-C).
"""

from __future__ import annotations

import email
import io
import os
import re
import subprocess
import sys
import threading
from datetime import datetime
from email import policy
from pathlib import Path

import pytest

from sangkien.__main__ import main
from sangkien.campaign import groups, scope
from sangkien.campaign.reports import content
from sangkien.ingest import importer
from sangkien.ops import procs
from sangkien.storage import db
from tests.fixtures import build_tiny

ROOT = Path(__file__).resolve().parent.parent
FRIDAY_0730 = "2024-03-08T07:30"


class Inbox:
    """Messages the in-process SMTP server accepted."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on 127.0.0.1 and the environment that points `deliver` at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = procs.free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    for key, value in {
        "SANGKIEN_SMTP_HOST": "127.0.0.1",
        "SANGKIEN_SMTP_PORT": str(port),
        "SANGKIEN_SMTP_SECURITY": "none",
        "SANGKIEN_SMTP_FROM": "sangkien@congdoan.example.vn",
        "SANGKIEN_BASE_URL": "https://sangkien.example.vn",
        "SANGKIEN_SECRETS": str(ROOT / "tests" / "no-such-secrets.toml"),
    }.items():
        monkeypatch.setenv(key, value)
    inbox.controller, inbox.port = controller, port

    def restart():
        inbox.controller = Controller(inbox, hostname="127.0.0.1", port=port)
        inbox.controller.start()

    inbox.restart = restart
    yield inbox
    inbox.controller.stop()


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    path = build_tiny(tmp_path / "tiny.duckdb")
    monkeypatch.setenv("SANGKIEN_DB", str(path))
    db.close_all()
    yield path
    db.close_all()


def cli(*args: str) -> int:
    return main(list(args))


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_weekly_pack_arrives_at_its_hour_once_with_its_three_files(tiny, smtp, capsys):
    import docx
    import openpyxl
    import pptx

    assert (
        cli(
            "subscriptions",
            "add",
            "--to",
            "lanh.dao@congdoan.vn, Van.Phong@congdoan.vn",
            "--scope",
            "group:G1",
            "--day",
            "fri",
            "--at",
            "07:30",
        )
        == 0
    )
    assert cli("deliver", "--now", "2024-03-08T07:00") == 0  # the first run records where it starts
    assert smtp.messages == []
    assert cli("deliver", "--now", "2024-03-08T07:29") == 0
    assert smtp.messages == []
    assert cli("deliver", "--now", FRIDAY_0730) == 0
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["Subject"] == "Sáng kiến — Nhóm A+C — tính đến 07:30 ngày 08/03/2024"
    assert message["To"] == "lanh.dao@congdoan.vn, van.phong@congdoan.vn" and message["Message-ID"].endswith("@congdoan.example.vn>")
    files = attachments(message)
    assert sorted(Path(name).suffix for name in files) == [".docx", ".pptx", ".xlsx"]

    # the figures are the dashboard's for that scope and minute (overview/kpis, the same query)
    chosen = scope.resolve("group:G1")
    as_of = datetime(2024, 3, 8, 7, 30)
    kpis = db.run("overview/kpis", campaign_id="T", as_of=as_of, scope=chosen.scope).iloc[0]
    units = db.run("status/unit_status", campaign_id="T", as_of=as_of, scope=chosen.scope)
    workbook = openpyxl.load_workbook(io.BytesIO(next(v for k, v in files.items() if k.endswith(".xlsx"))))
    sheet = workbook["tien-do-don-vi"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Đơn vị")  # the table's header, under the title lines
    column = header.index("Đã cập nhật")
    counts = {row[0]: row[column] for row in rows if row[0] in ("An Phú", "Công đoàn Cờ")}
    assert counts == {"An Phú": int(units.set_index("unit_code").loc["U-A", "count_submitted"]), "Công đoàn Cờ": 0}
    deck = pptx.Presentation(io.BytesIO(next(v for k, v in files.items() if k.endswith(".pptx"))))
    assert len(deck.slides) >= 5
    report = docx.Document(io.BytesIO(next(v for k, v in files.items() if k.endswith(".docx"))))
    words = "\n".join(p.text for p in report.paragraphs) + "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words and "Độc lập - Tự do - Hạnh phúc" in words
    assert "Hà Nội, ngày 8 tháng 3 năm 2024" in words and "BÁO CÁO" in words
    assert report.styles["Normal"].font.name == "Times New Roman" and report.styles["Normal"].font.size.pt == 13
    assert round(report.sections[0].page_width.cm, 1) == 21.0 and round(report.sections[0].page_height.cm, 1) == 29.7
    count = f"{int(kpis['count_submitted']):,}".replace(",", ".")
    totals = [row for t in report.tables for row in t.rows if row.cells[0].text == "Sáng kiến đã cập nhật"]
    assert totals and totals[0].cells[1].text == count  # the figures' table
    assert any(r.cells[1].text.startswith("Cộng (2 đơn vị)") for t in report.tables for r in t.rows)  # with its total
    html, text = html_of(message), text_of(message)
    assert f"Đã cập nhật {count} sáng kiến" in html and f"Đã cập nhật {count} sáng kiến" in text
    assert "https://sangkien.example.vn/?group=G1&amp;as_of=2024-03-08T07%3A30" in html

    # a second run, and a later one the same week, send nothing
    assert cli("deliver", "--now", FRIDAY_0730) == 0
    assert cli("deliver", "--now", "2024-03-08T09:00") == 0
    assert len(smtp.messages) == 1
    out = capsys.readouterr().out
    assert "Đã gửi: đăng ký 1, lượt 2024-03-08T07:30." in out


def test_two_deliver_runs_at_once_send_one_message(tiny, smtp):
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "unit:U-B", "--every", "daily", "--at", "07:30") == 0
    assert cli("deliver", "--now", "2024-03-07T08:00") == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "sangkien", "deliver", "--now", FRIDAY_0730]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert "Traceback" not in "".join(out + err for out, err in results)
    assert len(smtp.messages) == 1
    said = "".join(out for out, _ in results)
    assert said.count("Đã gửi") == 1


def test_the_server_down_marks_nothing_and_the_next_run_sends_it(tiny, smtp, capsys):
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "kind:sector", "--every", "daily", "--at", "07:30") == 0
    assert cli("deliver", "--now", "2024-03-07T08:00") == 0
    smtp.controller.stop()
    assert cli("deliver", "--now", FRIDAY_0730) == 1
    err = capsys.readouterr().err
    assert "Chưa gửi được: đăng ký 1, lượt 2024-03-08T07:30" in err and "Traceback" not in err
    rows = db.run("subscriptions/deliveries")
    assert rows.set_index("slot").loc[FRIDAY_0730, "status"] == "failed"
    smtp.restart()
    assert cli("deliver", "--now", "2024-03-08T07:35") == 0  # a later run sends what was missed, once
    assert cli("deliver", "--now", "2024-03-08T07:40") == 0
    assert len(smtp.messages) == 1 and "tính đến 07:30 ngày 08/03/2024" in smtp.messages[0]["Subject"]
    rows = db.run("subscriptions/deliveries").set_index("slot")
    assert rows.loc[FRIDAY_0730, "status"] == "sent" and rows.loc[FRIDAY_0730, "attempts"] == 2


def test_an_alert_when_a_unit_becomes_at_risk_between_two_data_versions(tiny, smtp, tmp_path):
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "nation", "--report", "alerts") == 0
    now = "2024-03-05T12:00"
    assert cli("deliver", "--now", now) == 0  # starts: every unit on track
    assert cli("deliver", "--now", now) == 0
    assert smtp.messages == []  # nothing changed, nothing sent
    targets = tmp_path / "chi-tieu.csv"
    targets.write_text("Đơn vị;Chỉ tiêu đăng ký\nBắc Sơn;400\n", encoding="utf-8")
    assert cli("import-targets", str(targets), "--db", str(tiny)) == 0  # a new data version: U-B's target 40 -> 400
    assert cli("deliver", "--now", now) == 0
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["Subject"] == "Sáng kiến — Cảnh báo — Cả nước — 12:00 ngày 05/03/2024"
    text = text_of(message)
    assert "Bắc Sơn" in text and "Nguy cơ không đạt" in text and "An Phú" not in text
    assert "1 đơn vị chuyển sang trạng thái cần lưu ý." in text
    assert cli("deliver", "--now", now) == 0
    assert cli("deliver", "--now", "2024-03-05T12:05") == 0
    assert len(smtp.messages) == 1  # each change alerts once


def test_a_hostile_group_name_arrives_as_text(tiny, smtp):
    name = '<script>alert(1)</script> <img src="http://e.invalid/x.png"> [bấm](http://e.invalid) www.evil.invalid a@evil.invalid'
    group = groups.create_group(name, ["U-A", "U-B"])
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", f"group:{group}", "--every", "daily", "--at", "07:30") == 0
    assert cli("deliver", "--now", "2024-03-07T08:00") == 0
    assert cli("deliver", "--now", FRIDAY_0730) == 0
    message = smtp.messages[0]
    html, text = html_of(message), text_of(message)
    assert "<script" not in html and "<img" not in html and 'href="http://e.invalid' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "www.evil.invalid" not in html, _debug(html)
    assert "www\u2060.evil\u2060.invalid" in html  # no link to make
    assert "a\u2060@evil" in text and "<script>alert(1)</script>" in message["Subject"]


def test_bad_input_gets_a_message_not_a_traceback(tiny, capsys, monkeypatch):
    assert cli("subscriptions", "add", "--to", "không-phải-địa-chỉ", "--scope", "nation") == 1
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "unit:NOPE") == 1
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "nation", "--at", "7h30") == 1
    assert cli("subscriptions", "remove", "9") == 1
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "nation", "--every", "run") == 1
    assert cli("deliver", "--now", "hôm nay") == 2
    monkeypatch.setenv("SANGKIEN_SECRETS", str(ROOT / "tests" / "no-such-secrets.toml"))
    for key in ("HOST", "PORT", "FROM", "SECURITY"):
        monkeypatch.delenv(f"SANGKIEN_SMTP_{key}", raising=False)
    assert cli("deliver") == 2
    err = capsys.readouterr().err
    assert "“không-phải-địa-chỉ” không phải địa chỉ thư điện tử hợp lệ." in err
    assert "Không có đơn vị mã “NOPE”." in err and "Giờ “7h30” không hợp lệ" in err
    assert "Báo cáo tuần không gửi “ngay khi có thay đổi”" in err
    assert "Không có đăng ký số 9." in err and "no SMTP server" in err and "Traceback" not in err


def test_subscriptions_are_recorded_with_who_and_when_and_need_an_editor(tiny):
    from sangkien.campaign import subscriptions
    from sangkien.campaign.auth import Refused

    number = subscriptions.add("a@congdoan.vn", "nation", "weekly", who="Nguyễn Văn A")
    assert number == 1
    subscriptions.remove(number, who="Nguyễn Văn A")
    log = subscriptions.log()
    assert sorted(log["action"]) == ["add", "remove"] and set(log["changed_by"]) == {"Nguyễn Văn A"}
    refused = []

    def nobody():  # a thread starts with an empty context: neither the command line nor a web session
        try:
            subscriptions.add("a@congdoan.vn", "nation")
        except Refused as exc:
            refused.append(exc.message("vi"))

    thread = threading.Thread(target=nobody)
    thread.start()
    thread.join(30)
    assert refused and "không đến từ một phiên đã đăng nhập" in refused[0]
    assert len(subscriptions.frame()) == 0


def test_export_takes_a_scope(tiny, tmp_path):
    out = tmp_path / "nganh.xlsx"
    assert cli("export", "--scope", "kind:sector", "--format", "xlsx", "--out", str(out), "--as-of", "2024-03-08T07:30") == 0
    import openpyxl

    sheet = openpyxl.load_workbook(out)["tien-do-don-vi"]
    names = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert "Công đoàn Cờ" in names and "An Phú" not in names


# --- the HTML checklist of docs/reports.md ------------------------------------------------------

CHECKS = {
    "inline-css": lambda html, text: "<style" not in html.lower() and " class=" not in html.lower() and "<link" not in html.lower(),
    "tables-for-layout": lambda html, text: 'role="presentation"' in html and "<div" not in html.lower(),
    "no-scripts": lambda html, text: "<script" not in html.lower()
    and not re.search(r"\son[a-z]+=", html.lower())
    and "<form" not in html.lower(),
    "no-remote-images": lambda html, text: not re.search(r"<img[^>]+src=[\"']?https?:", html, re.I),
    "alt-texts": lambda html, text: all(re.search(r"\balt=", tag) for tag in re.findall(r"<img[^>]*>", html, re.I)),
    "lang-and-charset": lambda html, text: '<html lang="vi">' in html and '<meta charset="utf-8">' in html,
    "same-plain-text": lambda html, text: all(line in text for line in _headline_lines(html)),
}


def _headline_lines(html: str) -> list[str]:
    """The sentences of the HTML's paragraphs, unescaped."""
    import html as html_module

    return [html_module.unescape(p) for p in re.findall(r"<p [^>]*>([^<]+)</p>", html)]


def test_the_html_follows_the_checklist_in_docs_reports_md(tiny):
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- \*\*`([a-z-]+)`\*\*", doc, re.M)
    assert listed == list(CHECKS), "docs/reports.md's checklist and this test's checks must list the same items"
    from sangkien.campaign.reports import html_body

    pack = content.weekly(scope.resolve("nation"), datetime(2024, 3, 8, 7, 30), "vi")
    pack.link = content.dashboard_link("https://sangkien.example.vn", scope.resolve("nation"), datetime(2024, 3, 8, 7, 30))
    notes = ["Tệp đính kèm: a.docx."]
    html, text = html_body.render_html(pack, notes), html_body.render_text(pack, notes)
    failed = [name for name, check in CHECKS.items() if not check(html, text)]
    assert not failed, failed
    assert len(_headline_lines(html)) >= 8


def _debug(html):
    i = html.find("www.evil.invalid")
    return repr(html[max(0, i - 200) : i + 50])


# --- the subscriptions page (AppTest; the browser checks are in tests/test_signin_browser.py) -------


def _page(user: str | None):
    from streamlit.testing.v1 import AppTest

    from tests.signin import APP, sign_in

    at = sign_in(AppTest.from_file(APP, default_timeout=60), user)
    at.query_params["as_of"] = "2024-03-10T23:59"
    return at.run()


def test_the_page_adds_a_subscription_for_an_editor_and_refuses_a_viewer_itself(tiny, monkeypatch):
    import dataclasses

    from sangkien.campaign import auth, subscriptions
    from sangkien.web import site

    auth.add_user("editor@example.org", "editor")
    auth.add_user("viewer@example.org", "viewer")
    at = _page("editor@example.org").switch_page("pages/subscriptions.py").run()
    assert not at.exception
    at.text_area(key="su_to").input("Lanh.Dao@congdoan.vn")
    next(b for b in at.button if b.label == "Thêm đăng ký").click().run()
    assert not at.exception and "Đã thêm đăng ký số 1." in [s.value for s in at.success]
    stored = subscriptions.frame()
    assert stored["recipients"].iloc[0].tolist() == ["lanh.dao@congdoan.vn"] and stored["created_by"].iloc[0] == "editor@example.org"
    assert (stored["scope"].iloc[0], stored["schedule"].iloc[0], stored["day"].iloc[0]) == ("nation", "weekly", "mon")
    at.text_area(key="su_to").input("không hợp lệ")
    next(b for b in at.button if b.label == "Thêm đăng ký").click().run()
    assert "“không” không phải địa chỉ thư điện tử hợp lệ." in [e.value for e in at.error]

    for user in ("viewer@example.org", None):  # not listed for them
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            _page(user).switch_page("pages/subscriptions.py")
    # listed by mistake, the page still refuses a viewer itself
    pages = tuple(dataclasses.replace(p, role=None) if p.file == "pages/subscriptions.py" else p for p in site.PAGES)
    monkeypatch.setattr(site, "PAGES", pages)
    at = _page("viewer@example.org").switch_page("pages/subscriptions.py").run()
    assert not at.exception
    assert any("cần vai trò Biên tập viên" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Thêm đăng ký"] and not at.dataframe


def test_over_the_size_limit_the_pack_gives_links_instead_of_files(tiny, smtp, monkeypatch):
    monkeypatch.setenv("SANGKIEN_MAIL_MAX_MB", "0.01")
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "unit:U-A", "--every", "daily", "--at", "07:30") == 0
    assert cli("deliver", "--now", "2024-03-07T08:00") == 0
    assert cli("deliver", "--now", FRIDAY_0730) == 0
    message = smtp.messages[0]
    assert attachments(message) == {}
    text = text_of(message)
    assert "Các tệp báo cáo vượt quá 0 MB nên không đính kèm; tải tại bảng điều khiển" in text
    assert "https://sangkien.example.vn/don-vi?unit=U-A&as_of=2024-03-08T07%3A30" in text


def test_smtp_settings_come_from_secrets_and_the_environment_wins(tmp_path, monkeypatch):
    from sangkien.campaign import mailer

    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "smtp.congdoan.vn"\nsecurity = "ssl"\nuser = "u@congdoan.vn"\npassword = "p"\n', encoding="utf-8")
    monkeypatch.setenv("SANGKIEN_SECRETS", str(secrets))
    for key in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "SECURITY"):
        monkeypatch.delenv(f"SANGKIEN_SMTP_{key}", raising=False)
    config = mailer.settings()
    assert (config.host, config.port, config.security, config.sender) == ("smtp.congdoan.vn", 465, "ssl", "u@congdoan.vn")
    monkeypatch.setenv("SANGKIEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SANGKIEN_SMTP_SECURITY", "starttls")
    config = mailer.settings()
    assert (config.host, config.port, config.security) == ("127.0.0.1", 587, "starttls")
    monkeypatch.setenv("SANGKIEN_SMTP_SECURITY", "tls?")
    with pytest.raises(mailer.MailError, match="security must be one of"):
        mailer.settings()
    secrets.write_text("[smtp\nhost=", encoding="utf-8")
    with pytest.raises(mailer.MailError, match="cannot read secrets.toml"):
        mailer.settings()


def test_alerts_say_each_milestone_once(tiny, tmp_path):
    from sangkien.campaign.reports import alerts

    chosen = scope.resolve("unit:U-B")  # 2 initiatives by 04/03 against a target of 40
    moment = datetime(2024, 3, 8, 7, 30)
    alert = alerts.evaluate(chosen, moment, {"U-B": "on_track"})
    assert alert.changed == [] and alert.pack is None
    targets = tmp_path / "chi-tieu.csv"
    targets.write_text("Đơn vị;Chỉ tiêu đăng ký\nBắc Sơn;3\n", encoding="utf-8")  # 2 of 3: past 50%, not 100%
    importer.import_targets([targets], db_path=tiny)
    db.close_all()
    alert = alerts.evaluate(chosen, moment, {"U-B": "on_track"})
    assert ("milestone:50", None, "passed") in alert.changed and "milestone:100" not in alert.items
    assert "Bắc Sơn đã vượt mốc 50% chỉ tiêu đăng ký: 2 sáng kiến, đạt 66,7%." in alert.pack.sections[0].lines
    assert alerts.evaluate(chosen, moment, alert.items).pack is None  # said once
    nation = alerts.evaluate(scope.resolve("nation"), moment, {})
    assert not any(item == "milestone:100" for item, _, _ in nation.changed)  # the tiny nation's target is 100


def test_a_data_schedule_sends_at_each_new_data_version(tiny, smtp, tmp_path):
    assert cli("subscriptions", "add", "--to", "a@congdoan.vn", "--scope", "nation", "--every", "data") == 0
    assert cli("deliver", "--now", FRIDAY_0730) == 0
    assert cli("deliver", "--now", "2024-03-08T08:00") == 0
    assert smtp.messages == []
    targets = tmp_path / "chi-tieu.csv"
    targets.write_text("Đơn vị;Chỉ tiêu đăng ký\nBắc Sơn;45\n", encoding="utf-8")
    assert cli("import-targets", str(targets), "--db", str(tiny)) == 0
    assert cli("deliver", "--now", "2024-03-08T08:05") == 0
    assert cli("deliver", "--now", "2024-03-08T08:10") == 0
    assert len(smtp.messages) == 1 and "tính đến 08:05 ngày 08/03/2024" in smtp.messages[0]["Subject"]


def test_the_timer_runs_deliver_every_five_minutes():
    service = (ROOT / "deploy" / "systemd" / "sangkien-deliver.service").read_text(encoding="utf-8")
    timer = (ROOT / "deploy" / "systemd" / "sangkien-deliver.timer").read_text(encoding="utf-8")
    assert "ExecStart=/opt/sangkien/.venv/bin/python -m sangkien deliver" in service and "Type=oneshot" in service
    assert "OnCalendar=*:0/5" in timer and "Persistent=true" in timer
    assert "python -m sangkien deliver" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
