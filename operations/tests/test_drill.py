"""The restore drill, as an operator would run it: the demo practice seeded, backed up by
`manage.py backup`, restored by `manage.py restore` in another process into a second,
new database (another SQLite file, or another PostgreSQL database) and a new private
folder; then `verify_audit_chain` passes there and every table holds the same rows,
compared row by row with plain SQL, and every photo ID the same bytes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from operations.tests.contents import database_contents, stored_files
from patients.models import Patient

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent.parent
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def database_url(name: str) -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def manage(*arguments: str, url: str, var_dir: Path, module: bool = False) -> str:
    command = (
        [sys.executable, "-m", *arguments] if module else [sys.executable, "manage.py", *arguments]
    )
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ketaclinic.settings",
            "DATABASE_URL": url,
            "KETACLINIC_VAR_DIR": str(var_dir),
            "BACKUP_ENCRYPTION_KEY": KEY,
            "DATABASE_CONN_MAX_AGE": "0",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def second_database(tmp_path: Path) -> Any:
    """A new, empty database beside the test database."""
    if connection.vendor == "sqlite":
        yield database_url(str(tmp_path / "restored.sqlite3"))
        return
    name = f"kc_backup_drill_{os.getpid()}"
    database = connection.settings_dict
    admin: dict[str, Any] = {
        "dbname": "postgres",
        "user": database["USER"],
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(**admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_practice_restores_whole_into_a_second_database(
    tmp_path: Path, private_storage: Path, second_database: str
) -> None:
    call_command("seed_demo", verbosity=0)
    assert Patient.objects.count() >= 4
    source = json.loads(json.dumps(database_contents()))
    photo_ids = stored_files(private_storage)
    assert photo_ids
    archive = tmp_path / "drill.kcbackup"
    source_url = database_url(connection.settings_dict["NAME"])

    backed_up = manage("backup", str(archive), url=source_url, var_dir=private_storage.parent)
    restored_dir = tmp_path / "restored"
    restored = manage("restore", str(archive), url=second_database, var_dir=restored_dir)
    verified = manage("verify_audit_chain", url=second_database, var_dir=restored_dir)

    head = backed_up.split("audit log head ")[1].split(".")[0]
    assert f"audit log head {head}." in restored
    assert f"Audit chain intact: {head.split()[0][1:]} events, head {head.split()[1]}." in verified
    copy = json.loads(
        manage("operations.tests.contents", url=second_database, var_dir=restored_dir, module=True)
    )
    differing = sorted(
        table for table in source.keys() | copy.keys() if source.get(table) != copy.get(table)
    )
    assert differing == []
    assert stored_files(restored_dir / "private") == photo_ids
