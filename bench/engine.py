"""How many assessments the engine decides per second of CPU time, in one process (one core).

    .venv/bin/python bench/engine.py [SECONDS]

Measures ``validate`` + ``evaluate`` on a realistic, complete answer set (CRPS with
depression and anxiety, so most of the questionnaire is asked), and ``evaluate`` alone on
the clean answers. The goal is at least 20,000 a second for each.
"""

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questionnaires.assessment import evaluate, validate

GOAL_PER_SECOND = 20_000

REALISTIC_INPUT: dict[str, Any] = {
    "as_of": "2026-11-25",
    "answers": {
        "state": "FL",
        "county": "miami dade county",
        "zip": "33133",
        "date_of_birth": "1971-02-28",
        "asq_1": "no",
        "asq_2": "no",
        "asq_3": "no",
        "asq_4": "no",
        "conditions": ["crps", "depression", "anxiety"],
        "crps_diagnosed": "unsure",
        "crps_symptoms": ["sensory", "vasomotor", "motor_trophic"],
        "iv_ketamine_recent": "no",
        "pain_duration_months": 30,
        "peg_1": 8,
        "peg_2": 7,
        "peg_3": 6,
        **{f"phq9_{n}": n % 4 for n in range(1, 10)},
        **{f"gad7_{n}": n % 3 for n in range(1, 8)},
        "prior_treatments": ["physical_therapy", "gabapentinoid", "nerve_block", "ssri"],
        "pregnancy_status": "none",
        "psychosis_history": "no",
        "bipolar": "none",
        "mania_current": "no",
        "bp_systolic": 142,
        "bp_diastolic": 88,
        "cardiac_event_6mo": "no",
        "heart_condition": "no",
        "aneurysm_avm": "no",
        "liver_disease": "mild",
        "icp_iop": "no",
        "respiratory_disease": "no",
        "hyperthyroid_uncontrolled": "no",
        "substance_use_12mo": "no",
        "ketamine_misuse_history": "no",
        "ketamine_adverse_reaction": "no",
        "urinary_symptoms": "no",
        "medications": ["opioid", "other"],
        "monitor_available": "yes",
    },
}


def bench_engine(seconds: float = 2.0) -> dict[str, Any]:
    """Decisions per second: validate + evaluate, and evaluate alone (each for ``seconds``)."""
    payload = json.loads(json.dumps(REALISTIC_INPUT))
    clean, errors = validate(payload)
    if errors:
        raise ValueError(f"The benchmark input is not valid: {errors}")
    outcome = evaluate(clean.answers, clean.as_of)

    def validate_and_evaluate() -> None:
        checked, _ = validate(payload)
        evaluate(checked.answers, checked.as_of)

    def evaluate_alone() -> None:
        evaluate(clean.answers, clean.as_of)

    return {
        "validate_and_evaluate_per_second": _rate(validate_and_evaluate, seconds),
        "evaluate_per_second": _rate(evaluate_alone, seconds),
        "goal_per_second": GOAL_PER_SECOND,
        "answers": len(clean.answers),
        "outcome": outcome.outcome,
        "reasons": list(outcome.reasons),
        "python": sys.version.split()[0],
    }


def _rate(decide: Callable[[], None], seconds: float) -> int:
    """Calls of ``decide`` per second of this process's CPU time (so per core, whatever else
    the machine is doing), timed in batches until ``seconds`` of CPU time have passed."""
    for _ in range(200):
        decide()
    calls = 0
    batch = 500
    start = time.process_time()
    elapsed = 0.0
    while elapsed < seconds:
        for _ in range(batch):
            decide()
        calls += batch
        elapsed = time.process_time() - start
    return int(calls / elapsed)


if __name__ == "__main__":
    figures = bench_engine(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
    print(json.dumps(figures, indent=2))
    meets = min(figures["validate_and_evaluate_per_second"], figures["evaluate_per_second"])
    sys.exit(0 if meets >= GOAL_PER_SECOND else 1)
