"""The data-management page under AppTest: editing is off without editors, refuses writes without a
login (checked on the server, not only by hiding buttons), rate-limits failures, and imports a notice."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import auth
from tests.files import NOTICE

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "correct horse battery"


@pytest.fixture
def city(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "page.duckdb"
    shutil.copy(demo_path, path)
    monkeypatch.setenv("QCBRAND_DB", str(path))
    return path


def open_data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py")
    return at.run()


def test_without_editors_editing_is_off_and_says_how_to_switch_it_on(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QCBRAND_EDITORS", raising=False)
    at = open_data_page()
    assert not at.exception
    assert any("QCBRAND_EDITORS" in w.value and "qcbrand editor hash" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key and b.key.startswith("commit-")]
    assert len(at.dataframe) >= 2  # the imports and the audit log are still readable


def test_writes_are_refused_without_a_real_login(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCBRAND_EDITORS", "alice=" + auth.hash_password(PASSWORD, iterations=1000))
    at = open_data_page()
    assert [t.label for t in at.text_input][:2] == ["用户名", "密码"]
    # a session that claims to be an editor without logging in is not one
    at.session_state["editor"] = "alice"
    at.run()
    assert not [b for b in at.button if b.key and b.key.startswith("commit-")]
    assert any("需要编辑人员登录" in i.value for i in at.info)
    at.session_state["editor"] = auth.Editor("mallory")  # not a configured editor
    at.run()
    assert any("需要编辑人员登录" in i.value for i in at.info)
    with Store.open(city) as store:  # the app's configuration: one process, one way of opening a file
        assert store.scalar("SELECT count(*) FROM imports") == 0


def test_failed_logins_are_limited(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCBRAND_EDITORS", "bob=" + auth.hash_password(PASSWORD, iterations=1000))
    at = open_data_page()
    for _ in range(5):
        at.text_input[0].set_value("bob")
        at.text_input[1].set_value("guess")
        at.button[0].click().run()
    at.text_input[0].set_value("bob")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert any("秒后再试" in e.value for e in at.error)
    assert "editor" not in at.session_state


def test_login_then_import_a_notice_and_roll_it_back(city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCBRAND_EDITORS", "carol=" + auth.hash_password(PASSWORD, iterations=1000))
    with Store.open(city) as store:
        before = {s.goal_code: s.value for s in services.scoreboard(store, None, services.get_plan(store).ends_on)}
    at = open_data_page()
    at.text_input[0].set_value("carol")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert any("已登录：carol" in c.value for c in at.caption)
    at.text_area(key="paste-0").set_value(NOTICE).run()
    assert any("发现" in e.value and "错误" in e.value for e in at.error)  # new enterprises need consent
    at.checkbox[0].check().run()
    # before the commit, what it does to the goals on the deadline: the two awards of the notice's 2019 section
    changes = next(f.value for f in at.dataframe if list(f.value.columns) == ["goal", "before", "after"])
    assert changes.to_dict("records") == [{"goal": "江苏省质量奖", "before": before["jiangsu_quality_award"],
                                           "after": before["jiangsu_quality_award"] + 2}]
    commit = next(b for b in at.button if b.key and b.key.startswith("commit-"))
    commit.click().run()
    assert any("已导入" in s.value and "新增 7 条" in s.value for s in at.success)
    # after the commit: a new import is offered, not the same commit again
    assert not any(b.key and b.key.startswith("commit-") for b in at.button)
    at.button(key="new-import").click().run()
    assert at.text_area(key="paste-1").value == "" and not any(b.key == "new-import" for b in at.button)
    # the cached scoreboard is cleared: the overview shows the new figure
    at.switch_page("app_pages/overview.py").run()
    shown = {}
    for frame in at.dataframe:
        if "goal" in frame.value.columns:
            shown.update(dict(zip(frame.value["goal"], frame.value["value"])))
    assert shown["江苏省质量奖"] == before["jiangsu_quality_award"] + 2
    # roll it back from the page
    at.switch_page("app_pages/data.py").run()
    at.checkbox(key="rollback_sure_1").check().run()
    at.button(key="rollback").click().run()
    assert any("已撤回" in s.value and "质量奖" in s.value for s in at.success)
    history = next(f.value for f in at.dataframe if "导入号" in f.value.columns)
    assert "sha256" not in history.columns and history["文件"].iloc[0] == "粘贴文本.txt" and history["类别"].iloc[0] == "通知名单"
    with Store.open(city) as store:
        after = {s.goal_code: s.value for s in services.scoreboard(store, None, services.get_plan(store).ends_on)}
        assert store.scalar("SELECT rolled_back_by FROM imports WHERE import_id = 1") == "carol"
    assert after == before
