"""The `qcbrand` command end to end, as a user runs it, on a temporary database."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

QCBRAND = [sys.executable, "-m", "qcbrand.cli"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QCBRAND_DB": str(db)}
    return subprocess.run([*QCBRAND, *args], capture_output=True, text=True, env=env, timeout=120)


def test_init_import_scoreboard(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    assert run(db, "init").returncode == 0

    bad = tmp_path / "bad.csv"
    bad.write_text("企业名称,所在地区,产品名称,认定年份\n常州甲机械有限公司,武进,机床,2018\n常州乙有限公司,火星区,螺丝,2019\n", encoding="utf-8")
    refused = run(db, "import", str(bad), "--kind", "famous_brands")
    assert refused.returncode == 1
    assert "第3行" in refused.stderr and "district" in refused.stderr and "火星区" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].startswith("Error: 导入被拒绝")

    good = tmp_path / "good.csv"
    good.write_text("企业名称,所在地区,产品名称,认定年份\n常州甲机械有限公司,武进,机床,2018\n常州乙电子有限公司,新北,传感器,2019\n", encoding="gb18030")
    done = run(db, "import", str(good), "--kind", "famous_brands", "--create-enterprises")
    assert done.returncode == 0, done.stderr
    assert "新增 2 条" in done.stderr and "added 2" in done.stderr

    out = run(db, "scoreboard", "--as-of", "2020-12-31", "--format", "json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    goals = {g["goal_code"]: g for g in payload["goals"]}
    assert payload["as_of"] == "2020-12-31" and payload["demo"] is False and len(goals) == 21
    assert (goals["famous_brand_products"]["value"], goals["famous_brand_products"]["target"]) == (2, 230)

    wujin = json.loads(run(db, "scoreboard", "--as-of", "2020-12-31", "--district", "武进", "--format", "json").stdout)
    assert {g["goal_code"]: g["value"] for g in wujin["goals"]}["famous_brand_products"] == 1


def test_bad_usage_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    run(db, "init")
    for args, code in ((["scoreboard", "--as-of", "2020-13-01"], 2), (["scoreboard", "--district", "火星区"], 1),
                       (["scoreboard", "--plan", "nope"], 1)):
        result = run(db, *args)
        assert result.returncode == code and "Traceback" not in result.stderr, args
    missing = run(tmp_path / "none.duckdb", "scoreboard")
    assert missing.returncode == 1 and "qcbrand init" in missing.stderr


def test_plan_load_refuses_a_malformed_file(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    bad = tmp_path / "plan.toml"
    bad.write_text('[plan]\ncode = "x"\nname_zh = "x"\nname_en = "x"\nsource_zh = "x"\nends_on = 2020-12-31\n\n[[goals]]\ncode = "g"\n', encoding="utf-8")
    result = run(db, "plan", "load", str(bad))
    assert result.returncode == 1 and "第8行" in result.stderr and "goals.0.clause" in result.stderr  # line 8: [[goals]]


def test_a_write_while_another_process_holds_the_database_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    run(db, "init")
    csv = tmp_path / "x.csv"
    csv.write_text("企业名称,产品名称,认定年份\n甲,机床,2018\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from qcbrand.ledger.store import Store
        s = Store.open({str(db)!r})
        print("held", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run(db, "--wait", "0.5", "import", str(csv), "--kind", "famous_brands")
        assert result.returncode == 1
        assert f"PID {holder.pid}" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("command", ["init", "demo", "plan", "kinds", "import", "imports", "scoreboard", "correct", "revoke", "merge", "audit", "backup", "restore", "check", "editor"])
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run([*QCBRAND, command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage" in result.stdout


def test_excel_import_list_rollback_and_the_other_editing_commands(tmp_path: Path) -> None:
    from tests.files import NOTICE, published_brands_xlsx

    db = tmp_path / "edit.duckdb"
    assert run(db, "init").returncode == 0
    xlsx = tmp_path / "2019年度江苏名牌产品名单.xlsx"
    xlsx.write_bytes(published_brands_xlsx())
    refused = run(db, "import", str(xlsx))
    assert refused.returncode == 1 and "--create-enterprises" in refused.stderr
    done = run(db, "import", str(xlsx), "--create-enterprises", "--editor", "王编辑")
    assert done.returncode == 0, done.stderr
    assert "import id: 1" in done.stdout and "第9行" in done.stderr  # the note row, skipped with a warning

    listed = run(db, "imports", "list")
    assert "2019年度江苏名牌产品名单.xlsx" in listed.stdout and "+4 rows" in listed.stdout and "王编辑" in listed.stdout

    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="gb18030")
    assert run(db, "import", str(notice), "--create-enterprises").returncode == 0

    record = json.loads(run(db, "scoreboard", "--as-of", "2020-12-31", "--format", "json").stdout)
    brands = {g["goal_code"]: g["value"] for g in record["goals"]}["famous_brand_products"]
    assert brands == 4
    first_id = int(subprocess.run([sys.executable, "-c", f"""
from qcbrand.ledger.store import Store
print(Store.open({str(db)!r}, read_only=True).scalar('SELECT min(id) FROM famous_brands'))"""],
                                  capture_output=True, text=True).stdout)
    assert run(db, "revoke", str(first_id), "--on", "2020-06-01", "--reason", "抽查不合格").returncode == 0
    assert run(db, "revoke", str(first_id), "--on", "2020-06-01", "--reason", "").returncode == 1
    assert run(db, "correct", str(first_id), "granted_on=去年").returncode == 1
    assert run(db, "correct", str(first_id), "product=数控车床").returncode == 0
    after = json.loads(run(db, "scoreboard", "--as-of", "2020-12-31", "--format", "json").stdout)
    assert {g["goal_code"]: g["value"] for g in after["goals"]}["famous_brand_products"] == 3

    audit = run(db, "audit", "--action", "revoke", "--format", "csv")
    assert "抽查不合格" in audit.stdout
    assert run(db, "check").returncode == 0

    rolled = run(db, "imports", "rollback", "1")
    assert rolled.returncode == 0 and "famous_brands -4" in rolled.stdout
    assert run(db, "imports", "rollback", "1").returncode == 1
    final = json.loads(run(db, "scoreboard", "--as-of", "2020-12-31", "--format", "json").stdout)
    assert {g["goal_code"]: g["value"] for g in final["goals"]}["famous_brand_products"] == 0


def test_editor_hash_prints_a_working_entry(tmp_path: Path) -> None:
    from qcbrand.services import auth

    result = subprocess.run([*QCBRAND, "editor", "hash", "alice", "--password-stdin"], input="a long password\n",
                            capture_output=True, text=True)
    assert result.returncode == 0
    line = result.stdout.splitlines()[0]
    assert line.startswith("QCBRAND_EDITORS='alice=pbkdf2_sha256$")
    env = {"QCBRAND_EDITORS": line.split("'", 2)[1]}
    assert auth.Gate(auth.editors_from(env)).login("alice", "a long password") == auth.Editor("alice")
    short = subprocess.run([*QCBRAND, "editor", "hash", "bob", "--password-stdin"], input="short\n", capture_output=True, text=True)
    assert short.returncode == 1
