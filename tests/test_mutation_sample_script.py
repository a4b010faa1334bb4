"""scripts/mutation_sample.py: the sample is spread over the files as their unchecked mutants are, and the
estimate weighs each file by what it stands for (docs/mutation.md, "Twelfth run")."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from tests.conftest import ROOT


@pytest.fixture
def sampler(monkeypatch):
    spec = importlib.util.spec_from_file_location("mutation_sample", ROOT / "scripts" / "mutation_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "_equivalent", lambda: set())
    monkeypatch.setattr(module, "_verdicts", lambda: {})
    return module


def estimate_row(text: str) -> str:
    """The last row of the report's first table (the sample's own estimate)."""
    return text.split("\n\n")[0].splitlines()[-1]


def population(files: dict[str, int], checked: int = 5) -> dict[str, tuple[str, str]]:
    """``files``' unchecked mutants, and a few checked ones that must never be drawn."""
    found = {}
    for source, count in files.items():
        module = source.removesuffix(".py").replace("/", ".")
        for number in range(1, count + checked + 1):
            found[f"{module}.x_f__mutmut_{number}"] = (source, "not checked" if number <= count else "killed")
    return found


FILES = {"app/export/pdf.py": 3000, "app/export/excel.py": 1900, "app/export/fonts.py": 20,
         "app/export/font_fallback.py": 4, "app/model/schema.py": 280, "app/model/fileformat.py": 400,
         "app/layout/__init__.py": 900, "app/layout/palette.py": 8}


def test_each_package_gets_its_quota_spread_by_the_files_unchecked_mutants(sampler, monkeypatch):
    monkeypatch.setattr(sampler, "_verdicts", lambda: population(FILES))
    sample = sampler.draw(12)
    per_package = Counter()
    for source, stratum in sample["strata"].items():
        assert stratum["unchecked"] == FILES[source]
        assert len(set(stratum["names"])) == len(stratum["names"]) >= 1  # every file is represented
        assert all(int(name.rsplit("_", 1)[1]) <= FILES[source] for name in stratum["names"])  # unchecked only
        per_package[next(prefix for prefix in sampler.QUOTA if source.startswith(prefix))] += len(stratum["names"])
        package_total = sum(n for f, n in FILES.items() if f.startswith(source.rsplit("/", 1)[0] + "/"))
        share = sampler.QUOTA[source.rsplit("/", 1)[0] + "/"] * FILES[source] / package_total
        assert len(stratum["names"]) in (max(1, int(share)), max(1, int(share)) + 1)
    assert per_package == sampler.QUOTA
    assert sampler.draw(12) == sample and sampler.draw(13) != sample  # the seed decides, and only it


def test_the_estimate_weighs_each_file_by_the_mutants_it_stands_for(sampler):
    # pdf: 8 sampled of 800, 4 killed; fonts: 2 of 2, both killed. Plain counts say 6 of 10; weighted,
    # (400 + 2) of (800 + 2).
    sample = {"strata": {"app/export/pdf.py": {"unchecked": 800, "names": [f"p{i}" for i in range(8)]},
                         "app/export/fonts.py": {"unchecked": 2, "names": ["f0", "f1"]}},
              "first_verdicts": {**{f"p{i}": "killed" if i < 4 else "survived" for i in range(8)},
                                 "f0": "killed", "f1": "timeout"}}
    row = estimate_row(sampler.report(sample))
    assert row.startswith("| app/export | 10 | 802 | 6 | 4 | 0 | 0 | 50.1 % |")
    low, high = sampler.wilson(6, 10)
    assert row.endswith(f"| {100 * low:.1f}–{100 * high:.1f} % |") and low < 0.6 < high


def test_a_mutant_listed_as_equivalent_or_not_yet_run_is_left_out_of_the_estimate(sampler, monkeypatch):
    monkeypatch.setattr(sampler, "_equivalent", lambda: {"p1"})
    sample = {"strata": {"app/model/schema.py": {"unchecked": 30, "names": ["p0", "p1", "p2"]}},
              "first_verdicts": {"p0": "killed", "p1": "survived"}}
    assert estimate_row(sampler.report(sample)) == (
        "| app/model | 3 | 30 | 1 | 0 | 1 | 1 | 100.0 % | 20.7–100.0 % |")


def test_the_wilson_interval_holds_the_rate_and_narrows_with_more_mutants(sampler):
    assert sampler.wilson(0, 0) == (0.0, 1.0)
    small, large = sampler.wilson(9, 10), sampler.wilson(90, 100)
    assert small[0] < 0.9 < small[1] and large[0] < 0.9 < large[1]
    assert large[1] - large[0] < small[1] - small[0]
    assert sampler.wilson(10, 10)[1] == 1.0 and sampler.wilson(0, 10)[0] == 0.0


def test_two_samples_pool_into_one_estimate_weighed_by_the_first_draw(sampler):
    first = {"strata": {"app/layout/__init__.py": {"unchecked": 900, "names": ["a", "b"]},
                        "app/layout/legend.py": {"unchecked": 40, "names": ["c"]}},
             "first_verdicts": {"a": "killed", "b": "survived", "c": "killed"}}
    second = {"strata": {"app/layout/__init__.py": {"unchecked": 898, "names": ["d", "e"]}},
              "first_verdicts": {"d": "killed", "e": "killed"}}
    together = sampler.pooled([first, second])
    assert together["strata"]["app/layout/__init__.py"] == {"unchecked": 900, "names": ["a", "b", "d", "e"]}
    assert first["strata"]["app/layout/__init__.py"]["names"] == ["a", "b"]  # the samples themselves unchanged
    # __init__: 3 of 4 killed, weight 900/4; legend: 1 of 1, weight 40: (675 + 40) / (900 + 40)
    assert estimate_row(sampler.report(together)).startswith("| app/layout | 5 | 940 | 4 | 1 | 0 | 0 | 76.1 % |")


def test_the_whole_package_joins_the_checked_mutants_and_the_estimate_for_the_unchecked(sampler, monkeypatch):
    # Checked: 900 killed, 100 survived, 10 listed equivalent; unchecked: 1,000, of which the sample found a tenth
    # equivalent and kills 4 of the other 9: (900 + 4/9 * 900) / (900 + 100 + 900) = 68.4 %.
    population = {f"app.export.pdf.x_f__mutmut_{i}": ("app/export/pdf.py", "killed") for i in range(900)}
    population |= {f"app.export.pdf.x_g__mutmut_{i}": ("app/export/pdf.py", "survived") for i in range(110)}
    population |= {f"app.export.pdf.x_h__mutmut_{i}": ("app/export/pdf.py", "not checked") for i in range(1000)}
    listed = {f"app.export.pdf.x_g__mutmut_{i}" for i in range(10)} | {"s9"}
    monkeypatch.setattr(sampler, "_verdicts", lambda: population)
    monkeypatch.setattr(sampler, "_equivalent", lambda: listed)
    sample = {"strata": {"app/export/pdf.py": {"unchecked": 1000, "names": [f"s{i}" for i in range(10)]}},
              "first_verdicts": {**{f"s{i}": "killed" if i % 2 else "survived" for i in range(9)}, "s9": "killed"}}
    text = sampler.report(sample)
    assert estimate_row(text).startswith("| app/export | 10 | 1,000 | 4 | 5 | 1 | 0 | 44.4 % |")
    whole = text.split("\n\n")[1].splitlines()[-1]
    low, high = sampler.wilson(4, 9)
    expected = [100 * (900 + p * 900) / 1900 for p in (4 / 9, low, high)]
    assert whole == (f"| app/export | 900 | 100 | 1,000 | {expected[0]:.1f} % "
                     f"| {expected[1]:.1f}–{expected[2]:.1f} % |")
