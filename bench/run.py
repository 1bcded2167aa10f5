"""`make bench`: every benchmark in one run, printed and saved to var/bench.json.

Goals (docs/architecture.md): the assessment engine decides at least 20,000 answer
sets per second on one core; a section POST serves at least half the requests per
second of a bare Django view behind the same server and middleware; the clinician's
queue, a chart and the practice view run the same number of queries with 10 patients in
treatment as with 40.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine import bench_engine  # noqa: E402
from bench.section_post import bench_http  # noqa: E402
from bench.workspace import bench_workspace  # noqa: E402


def main() -> int:
    engine = bench_engine(3.0)
    print(
        f"engine: {engine['validate_and_evaluate_per_second']:,} validate+evaluate/s, "
        f"{engine['evaluate_per_second']:,} evaluate/s (goal {engine['goal_per_second']:,}/s)"
    )
    cache = "Redis" if os.environ.get("REDIS_URL") else "database"
    http = bench_http(8.0)
    print(
        f"section POST: {http['section_post_rps']:.0f} req/s against a bare view's "
        f"{http['bare_view_rps']:.0f} req/s: ratio {http['ratio']:.2f} (goal 0.50; "
        f"{http['server']}, {http['clients']} clients, {http['database']}, cache: {cache})"
    )
    workspace = bench_workspace()
    for page in ("queue", "chart", "practice"):
        small, large = workspace[f"{page}_10"], workspace[f"{page}_40"]
        print(
            f"{page}: {small['median_ms']} ms and {small['queries']} queries with 10 patients "
            f"in treatment, {large['median_ms']} ms and {large['queries']} queries with 40"
        )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench.json").write_text(
        json.dumps({"engine": engine, "http": http, "workspace": workspace}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
