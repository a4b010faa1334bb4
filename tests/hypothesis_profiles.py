"""Hypothesis profiles of the property tests that look for what nobody thought of (issue 20, G).

``ci`` (the default) keeps those tests under two minutes together on a busy two-core machine;
``long`` runs many more and longer examples, on demand::

    JOURNEYMAP_HYPOTHESIS=long .venv/bin/python -m pytest -q -p no:cacheprovider \\
        tests/test_change_sequences.py tests/test_hostile_documents.py

(twenty times the examples of the CI run, twice the steps: 12 minutes on two cores; the suite's per-test timeout is
lifted for these modules in that profile, see :data:`MARKS`).

The profile is applied by the tests that ask for it (:func:`profile`), not loaded for the
whole suite, so the other tests keep the example counts they set themselves.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

#: the environment variable that picks the profile
VARIABLE = "JOURNEYMAP_HYPOTHESIS"
#: how many times more examples (and steps of a state machine) the long profile runs
LONG_FACTOR = 20

_QUIET = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
settings.register_profile("ci", deadline=None, suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("long", deadline=None, suppress_health_check=_QUIET, print_blob=True)

PROFILE = os.environ.get(VARIABLE, "ci")
if PROFILE not in ("ci", "long"):
    raise ValueError(f"{VARIABLE}={PROFILE!r}: the profiles are 'ci' and 'long'")


def profile(examples: int, steps: int | None = None) -> settings:
    """Settings for one test: ``examples`` (and ``steps`` per state machine run) in CI, many more in ``long``."""
    factor = LONG_FACTOR if PROFILE == "long" else 1
    extra = {} if steps is None else {"stateful_step_count": steps * (2 if PROFILE == "long" else 1)}
    return settings(settings.get_profile(PROFILE), max_examples=examples * factor, **extra)


#: marks for the modules that use these profiles (``pytestmark = MARKS``): the long run has no per-test timeout
MARKS = [pytest.mark.timeout(0)] if PROFILE == "long" else []
