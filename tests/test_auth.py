"""Roles are checked by every function that writes, whoever calls it; the state database keeps
small edits small; the users command; old versions pruned by count and disk budget.

The web identity is simulated by replacing what auth.py asks Streamlit (is a session running,
is [auth] configured, which address did the server sign in); the session state is never asked.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from sangkien.__main__ import main
from sangkien.campaign import auth, emulation, groups, subscriptions
from sangkien.campaign.reports import delivery
from sangkien.ingest import importer
from sangkien.storage import db, location, publish
from sangkien.storage.state import ChangeError
from sangkien.web import signin
from tests.fixtures import build_tiny

HEADER = "Mã sáng kiến;Đơn vị;Ngày cập nhật;Trạng thái;Khu vực"
ROW = "n1;An Phú;05/03/2024 10:00;Đã cập nhật;Nhà nước"
TARGETS = "Đơn vị;Chỉ tiêu đăng ký\nAn Phú;50"


@pytest.fixture
def tiny(tiny_with_users) -> Path:
    assert set(auth.list_users()["email"]) == {"admin@example.org", "editor@example.org", "viewer@example.org"}
    return tiny_with_users


def as_web(monkeypatch, email: str | None, configured: bool = True) -> None:
    """Calls now come from a Streamlit session whose server signed in `email` (None: nobody)."""
    monkeypatch.setattr(signin, "in_session", lambda: True)
    monkeypatch.setattr(signin, "login_configured", lambda: configured)
    monkeypatch.setattr(signin, "web_email", lambda: email if configured else None)


def csv(folder: Path, text: str, name: str = "f.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Every write function, called as a page would call it (or as a forger would), and the role it needs.
WRITES = {
    "import": ("admin", lambda p: importer.import_submissions([csv(p.parent, f"{HEADER}\n{ROW}")], db_path=p, who="forged")),
    "import_targets": ("admin", lambda p: importer.import_targets([csv(p.parent, TARGETS, "t.csv")], db_path=p, who="forged")),
    "group_create": ("editor", lambda p: groups.create_group("Nhóm mới", ["U-A"], "forged")),
    "group_update": ("editor", lambda p: groups.update_group("NHOM-NHOM-SAN", "Nhóm sẵn", ["U-B"], "forged")),
    "emulation_save": ("editor", lambda p: emulation.save("T", emulation.Settings(w_target=10), "forged")),
    "user_add": ("admin", lambda p: auth.add_user("new@example.org", "editor", "forged")),
    "user_remove": ("admin", lambda p: auth.remove_user("viewer@example.org", "forged")),
    # issue 25: the e-mailed reports (sangkien/campaign/subscriptions.py, reports/delivery.py)
    "subscription_add": ("editor", lambda p: subscriptions.add("a@congdoan.vn", "nation", who="forged", path=p)),
    "subscription_remove": ("editor", lambda p: subscriptions.remove(_a_subscription(p), who="forged", path=p)),
    "delivery_start": ("admin", lambda p: delivery.start(_SUBSCRIPTION, datetime(2024, 3, 8, 7, 30), "v", None, p)),
    "delivery_claim": ("admin", lambda p: delivery.claim(1, "2024-03-08T07:30", p)),
    "delivery_finish": ("admin", lambda p: delivery.finish(1, "2024-03-08T07:30", False, "down", path=p)),
}
_SUBSCRIPTION = subscriptions.Subscription(1, ("a@congdoan.vn",), "nation", "weekly", "weekly", "mon", "07:30", "vi")


def _a_subscription(path: Path) -> int:
    """A subscription to remove: made only when the caller may (else `remove` refuses before looking)."""
    return subscriptions.add("san@congdoan.vn", "nation", path=path) if auth.current().can("editor") else 1


PEOPLE = {None: None, "viewer@example.org": "viewer", "editor@example.org": "editor", "admin@example.org": "admin"}
PEOPLE["stranger@example.org"] = "viewer"  # signed in, not in the users table: reads only


def snapshot(path: Path) -> tuple:
    """What a write changes: the data's and the state's current versions."""
    return (publish.current_file(path).name, publish.current_file(location.state_path(path)).name)


ROLE_VI = {"viewer": "Người xem", "editor": "Biên tập viên", "admin": "Quản trị viên"}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("email", list(PEOPLE))
def test_every_write_checks_the_role_itself(tiny, monkeypatch, write, email):
    groups.create_group("Nhóm sẵn", ["U-A"], "setup")  # id NHOM-NHOM-SAN
    needed, call = WRITES[write]
    as_web(monkeypatch, email)
    before = snapshot(tiny)
    role = PEOPLE[email]
    if role is not None and auth.RANK[role] >= auth.RANK[needed]:
        call(tiny)
        assert snapshot(tiny) != before
        return
    with pytest.raises(auth.Refused) as info:
        call(tiny)
    assert snapshot(tiny) == before  # nothing written, nothing published
    message = info.value.message("vi")
    if email is None:
        assert message.startswith("Cần đăng nhập để ")
    else:
        assert f"tài khoản của bạn có vai trò {ROLE_VI[role]}, việc này cần vai trò {ROLE_VI[needed]}" in message


def test_without_sign_in_configured_the_web_is_read_only(tiny, monkeypatch):
    as_web(monkeypatch, None, configured=False)
    for write, (_needed, call) in WRITES.items():
        with pytest.raises(auth.Refused) as info:
            call(tiny)
        assert info.value.key == "auth_err_readonly", write
        assert "chưa cấu hình đăng nhập" in info.value.message("vi") and "python -m sangkien" in info.value.message("vi")


def test_the_signed_in_address_is_recorded_not_the_name_given(tiny, monkeypatch):
    as_web(monkeypatch, "editor@example.org")
    gid = groups.create_group("Nhóm của biên tập viên", ["U-A", "U-B"], created_by="Someone Else")
    emulation.save("T", emulation.Settings(w_target=30), updated_by="Someone Else")
    as_web(monkeypatch, "admin@example.org")
    result = importer.import_submissions([csv(tiny.parent, f"{HEADER}\n{ROW}")], db_path=tiny, who="Someone Else")
    assert result.imported_by == "admin@example.org"
    assert db.run("import/log", campaign_id="T")["imported_by"].tolist() == ["admin@example.org"]
    assert db.run("meeting/group_log", group_id=gid)["changed_by"].tolist() == ["editor@example.org"]
    assert emulation.load("T").updated_by == "editor@example.org"


def test_the_command_line_records_its_os_user(tiny):
    gid = groups.create_group("Nhóm dòng lệnh", ["U-A"])
    assert db.run("meeting/group_log", group_id=gid)["changed_by"].tolist() == [f"CLI: {auth.os_user()}"]
    users = auth.list_users()
    assert users["granted_by"].tolist() == [f"CLI: {auth.os_user()}"] * 3


def test_times_are_stored_in_utc_and_shown_in_vietnam_time(tiny):
    groups.create_group("Nhóm giờ", ["U-A"], now=datetime(2024, 3, 5, 20, 15))
    log = db.run("meeting/group_log", group_id="NHOM-NHOM-GIO")
    assert log["changed_at"].iloc[0].to_pydatetime() == datetime(2024, 3, 6, 3, 15)  # 20:15 UTC = 03:15 next day in Hà Nội


def test_users_are_managed_with_history_and_the_last_admin_stays(tiny, monkeypatch):
    assert auth.list_users()[["email", "role"]].values.tolist() == [
        ["admin@example.org", "admin"],
        ["editor@example.org", "editor"],
        ["viewer@example.org", "viewer"],
    ]
    as_web(monkeypatch, "admin@example.org")
    auth.add_user(" Viewer@Example.org ", "editor")  # addresses are kept in lower case
    assert auth.role_of("viewer@example.org") == "editor"
    with pytest.raises(ChangeError) as info:
        auth.remove_user("admin@example.org")  # the only admin, from the web
    assert info.value.key == "auth_err_last_admin"
    with pytest.raises(ChangeError) as info:
        auth.add_user("admin@example.org", "viewer")
    assert info.value.key == "auth_err_last_admin"
    for bad, key in (("not-an-address", "auth_err_email"), ("x@example.org", "auth_err_role_name")):
        with pytest.raises(ChangeError) as info:
            auth.add_user(bad, "owner" if "@" in bad else "viewer")
        assert info.value.key == key
    log = db.run("auth/user_log")
    assert ["viewer@example.org", "change", "editor", "admin@example.org"] in log[["email", "action", "role", "changed_by"]].values.tolist()
    assert len(log) == 4  # three added by the command line, one changed; the refused changes left no trace


def test_the_users_command(tmp_path, capsys):
    path = build_tiny(tmp_path / "tiny.duckdb")
    assert main(["users", "add", "Boss@Example.org", "--role", "admin", "--db", str(path)]) == 0
    assert main(["users", "add", "ed@example.org", "--role", "editor", "--db", str(path)]) == 0
    assert main(["users", "remove", "ed@example.org", "--db", str(path)]) == 0
    assert main(["users", "remove", "ed@example.org", "--db", str(path)]) == 1
    assert main(["users", "list", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Đã cấp vai trò admin cho boss@example.org (người cấp: CLI: " in out
    assert "boss@example.org\tadmin\tCLI: " in out and "ed@example.org\teditor" not in out.split("Đã bỏ quyền")[-1]
    assert "ed@example.org chưa được cấp quyền nào." in err
    db.close_all()


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def test_ten_weight_saves_grow_the_disk_by_less_than_10_mb(tmp_path, use_db):
    path = build_tiny(tmp_path / "tiny.duckdb")
    use_db(path)
    with publish.new_version(path) as con:  # make the data file big, as a real database is
        con.execute("create table ballast as select md5(i::varchar) || md5((i + 1)::varchar) as s from range(600000) as t(i)")
    emulation.save("T", emulation.Settings(), "first save")  # creates the state file
    data_bytes = publish.current_file(path).stat().st_size
    before = disk_bytes(tmp_path)
    for i in range(10):
        emulation.save("T", emulation.Settings(w_target=10 + i), "saver")
    grown = disk_bytes(tmp_path) - before
    assert data_bytes > 20 * 2**20  # a save copying the data would grow the disk by that much
    assert grown < 10 * 2**20
    assert emulation.load("T").settings.w_target == 19
    assert len(publish.version_files(path)) == 1  # no data version was published by the saves


def test_a_state_created_from_an_older_database_keeps_its_groups_and_scoring(tmp_path, use_db):
    path = build_tiny(tmp_path / "tiny.duckdb")
    use_db(path)
    with publish.new_version(path) as con:  # how the app kept them before the state database
        con.execute("insert into unit_groups values ('NHOM-CU', 'Nhóm cũ', null, 'custom', 'A', '2024-03-01 08:00')")
        con.execute("insert into unit_group_members values ('NHOM-CU', 'U-C')")
        con.execute("insert into emulation_settings values ('T', 'w_target', 70, 'B', '2024-03-01 08:00')")
    before = db.run("meeting/groups").set_index("group_id")
    assert before.loc["NHOM-CU", "unit_codes"].tolist() == ["U-C"]
    auth.add_user("a@example.org", "admin")  # the first state write moves them over
    after = db.run("meeting/groups").set_index("group_id")
    assert sorted(after.index) == sorted(before.index)
    assert after.loc["NHOM-CU", "unit_codes"].tolist() == ["U-C"]
    assert emulation.load("T").settings.w_target == 70


def test_old_versions_are_pruned_by_count_and_by_disk_budget(tmp_path):
    path = build_tiny(tmp_path / "tiny.duckdb")
    for _ in range(4):
        with publish.new_version(path) as con:
            con.execute("create or replace table pad as select 1")
    versions = publish.version_files(path)
    current = publish.current_file(path)
    assert len(versions) == 4
    # all young: the count rule waits for the grace period, the budget rule only MIN_AGE_SECONDS
    assert publish.cleanup(path, keep=1, grace_seconds=600, budget=10**12) == []
    old = time.time() - 120
    for version in versions:  # the current version last: names alone do not order versions made within a second
        stamp = old if version == current else old - 10
        os.utime(version, (stamp, stamp))
    removed = publish.cleanup(path, keep=3, grace_seconds=600, budget=current.stat().st_size)  # room for one
    assert len(removed) == 2 and current.exists()
    assert len(publish.version_files(path)) == 2  # the current one and the newest other that fits the budget
    publish.cleanup(path, keep=0, grace_seconds=60, budget=10**12)  # by count once past the grace period
    assert publish.version_files(path) == [current]


FORGER = """
import streamlit as st
from sangkien.campaign import auth, emulation, groups
from sangkien.ingest import importer

# everything a forged session could claim
st.session_state.update({"role": "admin", "user": "admin@example.org", "email": "admin@example.org", "is_logged_in": True})
calls = {
    "import": lambda: importer.import_submissions([CSV], who="admin@example.org"),
    "group_create": lambda: groups.create_group("Nhóm giả", ["U-A"], "admin@example.org"),
    "emulation_save": lambda: emulation.save("T", emulation.Settings(w_target=1), "admin@example.org"),
    "user_add": lambda: auth.add_user("forger@example.org", "admin", "admin@example.org"),
}
outcome = {}
for name, call in calls.items():
    try:
        call()
        outcome[name] = "written"
    except auth.Refused as exc:
        outcome[name] = exc.key
st.session_state["outcome"] = outcome
"""


@pytest.mark.parametrize(("email", "key"), [(None, "auth_err_readonly"), ("viewer@example.org", "auth_err_role")])
def test_a_forged_session_state_does_not_help(tiny, email, key):
    from streamlit.testing.v1 import AppTest

    from tests.signin import sign_in

    path = csv(tiny.parent, f"{HEADER}\n{ROW}")
    at = AppTest.from_string(FORGER.replace("[CSV]", f"[{str(path)!r}]"), default_timeout=60)
    if email is not None:
        sign_in(at, email)
    before = snapshot(tiny)
    at.run()
    assert not at.exception
    assert at.session_state["outcome"] == dict.fromkeys(("import", "group_create", "emulation_save", "user_add"), key)
    assert snapshot(tiny) == before


APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_the_admin_page_manages_users(tiny):
    from streamlit.testing.v1 import AppTest

    from tests.signin import sign_in

    at = sign_in(AppTest.from_file(APP, default_timeout=60), "admin@example.org")
    at.query_params["as_of"] = "2024-03-10T23:59"
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception
    assert at.dataframe[0].value["Thư điện tử"].tolist() == ["admin@example.org", "editor@example.org", "viewer@example.org"]
    at.text_input(key="adm_email").input("Moi@Example.org")
    at.selectbox(key="adm_role").select("editor")
    next(b for b in at.button if b.label == "Lưu quyền").click().run()
    assert not at.exception
    assert auth.role_of("moi@example.org") == "editor"
    users = at.dataframe[0].value
    assert users.set_index("Thư điện tử").loc["moi@example.org", "Người cấp"] == "admin@example.org"
    assert at.dataframe[-1].value["Thay đổi"].iloc[0] == "cấp quyền"  # the history, newest first

    editor = sign_in(AppTest.from_file(APP, default_timeout=60), "editor@example.org")
    editor.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        editor.switch_page("pages/admin.py")  # not even listed for an editor


def test_a_page_error_shows_a_vietnamese_message_not_the_details(tiny, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("SANGKIEN_RAISE_ERRORS")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["as_of"] = "2024-03-10T23:59"
    at.run()
    run = db.run

    def failing(name, **params):
        if name.startswith("targets/"):  # only the page's own queries
            raise RuntimeError(f"secret path {tiny}")
        return run(name, **params)

    monkeypatch.setattr(db, "run", failing)
    at.switch_page("pages/targets.py").run()
    assert not at.exception
    shown = "\n".join(e.value for e in at.error)
    assert "Trang này gặp lỗi và không hiển thị được" in shown and str(tiny) not in shown


# --- fail closed (issue 22): who is asking is decided explicitly ------------------------------


def _write_functions() -> list[str]:
    """Every public function of the package that writes: it calls auth.require() or
    state.writing(), itself or through a private function of its module. Found by reading the
    modules, so a new write function is tested here without anyone adding it to a list."""
    import ast

    gates = {"require", "writing"}
    found = []
    root = Path(__file__).resolve().parent.parent
    for file in sorted((root / "sangkien").rglob("*.py")):
        module = ".".join(file.relative_to(root).with_suffix("").parts)
        tree = ast.parse(file.read_text(encoding="utf-8"))
        calls: dict[str, set[str]] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                names = set()
                for call in ast.walk(node):
                    if isinstance(call, ast.Call):
                        func = call.func
                        names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
                calls[node.name] = names
        writes = {name for name, called in calls.items() if called & gates and name not in gates}
        while True:
            more = {name for name, called in calls.items() if called & {w for w in writes if w.startswith("_")}} - writes
            if not more:
                break
            writes |= more
        found += [f"{module}.{name}" for name in writes if not name.startswith("_")]
    return sorted(found)


WRITE_FUNCTIONS = {
    "sangkien.ingest.importer.import_submissions": "import",
    "sangkien.ingest.importer.import_targets": "import_targets",
    "sangkien.campaign.groups.create_group": "group_create",
    "sangkien.campaign.groups.update_group": "group_update",
    "sangkien.campaign.emulation.save": "emulation_save",
    "sangkien.campaign.auth.add_user": "user_add",
    "sangkien.campaign.auth.remove_user": "user_remove",
    # issue 25: the e-mailed reports
    "sangkien.campaign.subscriptions.add": "subscription_add",
    "sangkien.campaign.subscriptions.remove": "subscription_remove",
    "sangkien.campaign.reports.delivery.start": "delivery_start",
    "sangkien.campaign.reports.delivery.claim": "delivery_claim",
    "sangkien.campaign.reports.delivery.finish": "delivery_finish",
}


def test_the_write_functions_are_found_by_reading_the_modules():
    found = _write_functions()
    assert len(found) >= 7 and "sangkien.campaign.emulation.save" in found
    missing = [name for name in found if name not in WRITE_FUNCTIONS]
    assert not missing, f"write functions without a call in WRITE_FUNCTIONS: {missing}"


@pytest.mark.parametrize("function", _write_functions())
def test_a_thread_without_a_session_or_the_command_line_changes_nothing(tiny, function):
    """A caller that is neither a Streamlit session nor the declared command line (a background
    thread, a failed private import) is nobody: refused, nothing written."""
    import threading

    groups.create_group("Nhóm sẵn", ["U-A"], "setup")  # the test's own thread is the command line
    _needed, call = WRITES[WRITE_FUNCTIONS[function]]
    before = snapshot(tiny)
    outcome: dict = {}

    def run():
        try:
            call(tiny)
            outcome["result"] = "written"
        except Exception as exc:  # noqa: BLE001 - the test reports what came out
            outcome["result"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert isinstance(outcome["result"], auth.Refused), outcome
    assert outcome["result"].key == "auth_err_no_caller"
    assert "không đến từ một phiên đã đăng nhập" in outcome["result"].message("vi")
    assert snapshot(tiny) == before


def test_only_the_declared_command_line_is_the_admin():
    assert auth.current().source == "cli"  # tests/conftest.py declares the test process the command line
    seen = {}
    thread = __import__("threading").Thread(target=lambda: seen.update(identity=auth.current()))
    thread.start()
    thread.join()
    assert seen["identity"] == auth.NOBODY and not seen["identity"].can("viewer")

    def inside():
        with auth.as_command_line():
            seen["inside"] = auth.current(who="Script")
        seen["after"] = auth.current()

    thread = __import__("threading").Thread(target=inside)
    thread.start()
    thread.join()
    assert seen["inside"].who == "Script" and seen["inside"].can("admin")
    assert seen["after"] == auth.NOBODY


@pytest.mark.parametrize("claim", [True, "true", "false", "True", 1, None, "absent"])
@pytest.mark.parametrize("trusted", [False, True])
def test_only_a_boolean_true_email_verified_signs_in(tiny, claim, trusted):
    """`email_verified` must be the boolean true; a provider that sends none is trusted only when
    [auth] says `trust_unverified_email = true`. Anyone else is not signed in (no admin page)."""
    from streamlit.testing.v1 import AppTest

    from tests.signin import sign_in

    at = sign_in(AppTest.from_file(APP, default_timeout=60), None)
    if trusted:
        at.secrets["auth"] = {**at.secrets["auth"], auth.TRUST_UNVERIFIED_SETTING: True}
    user = {"is_logged_in": True, "email": "admin@example.org"}
    if claim != "absent":
        user["email_verified"] = claim
    at.user = user
    at.query_params["as_of"] = "2024-03-10T23:59"
    at.run()
    assert not at.exception
    signed_in = claim is True or (trusted and claim in (None, "absent"))
    if signed_in:
        at.switch_page("pages/admin.py").run()
        assert not at.exception and "admin@example.org" in at.dataframe[0].value["Thư điện tử"].tolist()
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("pages/admin.py")
        assert any(b.label == "Đăng nhập" for b in at.button)


def test_the_users_page_grants_the_least_role_unless_told(tiny):
    from streamlit.testing.v1 import AppTest

    from tests.signin import sign_in

    at = sign_in(AppTest.from_file(APP, default_timeout=60), "admin@example.org")
    at.query_params["as_of"] = "2024-03-10T23:59"
    at.run()
    at.switch_page("pages/admin.py").run()
    assert at.selectbox(key="adm_role").value == "viewer"
    assert at.selectbox(key="adm_role").options[0] == "Người xem"
    at.text_input(key="adm_email").input("moi@example.org")
    next(b for b in at.button if b.label == "Lưu quyền").click().run()
    assert not at.exception
    assert auth.role_of("moi@example.org") == "viewer"
    auth.add_user("khac@example.org")  # the command line's default too
    assert auth.role_of("khac@example.org") == "viewer"
