"""`make bench-export`: the practice export's peak memory as the practice grows.

    .venv/bin/python bench/export_memory.py [N ...]

For each N (1,000 and 10,000 patients by default) it loads a practice of N patients with a
year of history for those in treatment (``bench/scale.py N --load-only``, into the database
of ``bench.scale_settings``, dropped and recreated), then runs
``manage.py export_ehi --all`` in a process of its own and reports that process's peak
resident memory, the resources written and the time. The export streams (rows read in
chunks, each resource written as its line), so the peak should barely move with N; the
patients' account-to-record index is the one part that grows, by 16 bytes a patient.
Figures go to var/bench-export.json as well.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def measure(patients: int) -> dict[str, float]:
    subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "bench/scale.py", str(patients), "--load-only"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.scale_settings"}
    with tempfile.TemporaryDirectory() as folder:
        # Only this child is waited for here, so the children's peak is the export's.
        script = (
            "import resource, subprocess, sys;"
            "subprocess.run(sys.argv[1:], check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603 (our own commands)
            [
                PYTHON,
                "-c",
                script,
                PYTHON,
                "manage.py",
                "export_ehi",
                "--all",
                "--out",
                str(Path(folder) / "export"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
    written = re.search(r"Exported (\d+) resources", done.stdout)
    peak_kb = int(done.stdout.strip().splitlines()[-1])
    return {
        "patients": patients,
        "resources": int(written.group(1)) if written else 0,
        "peak_mb": round(peak_kb / 1024, 1),
        "seconds": round(seconds, 1),
    }


def main() -> int:
    sizes = [int(argument) for argument in sys.argv[1:]] or [1_000, 10_000]
    figures = []
    for patients in sizes:
        figure = measure(patients)
        figures.append(figure)
        print(
            f"{patients:>9,} patients: {figure['resources']:>10,} resources, "
            f"peak {figure['peak_mb']:.0f} MB, {figure['seconds']:.0f} s"
        )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-export.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
