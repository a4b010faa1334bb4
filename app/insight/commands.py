"""The CLI's ``check`` command: the map health check before a hand-over, for people and for scripts.

Exit codes as the other checking commands have them: 0 no findings, 1 findings,
2 bad input (a missing or broken map file, an unknown rule to skip).
"""

from __future__ import annotations

import argparse
import json
import sys

from app.i18n import _, ngettext

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
COMMANDS = ("check",)


def add_commands(command) -> None:
    """Add ``check`` to the CLI's parser; ``command(name, help)`` makes a sub-parser."""
    from app.insight.health import RULE_IDS

    check = command("check", _("check a map before handing it over (touchpoints, pain points, owners, hand-overs, "
                               "emotions); exit 0 no findings, 1 findings, 2 bad input"))
    check.add_argument("map", metavar="MAP", help=_("the map file (.json)"))
    check.add_argument("--json", action="store_true", help=_("print the findings as JSON"))
    check.add_argument("--skip", action="append", default=[], metavar="RULE",
                       help=_("leave out a rule (repeatable, or several separated by commas): {rules}").format(
                           rules=", ".join(RULE_IDS)))
    check.set_defaults(run=run_check)


def _skipped(values: list[str]) -> list[str]:
    return [word.strip() for value in values for word in value.split(",") if word.strip()]


def run_check(args: argparse.Namespace) -> int:
    from app.insight.health import RULE_IDS, check_map
    from app.model import MapFileError, load_map

    skipped = _skipped(args.skip)
    unknown = [rule for rule in skipped if rule not in RULE_IDS]
    if unknown:
        print(_("journeymap: {message}").format(message=ngettext(
            "unknown rule {rules}; the rules are: {known}", "unknown rules {rules}; the rules are: {known}",
            len(unknown)).format(rules=", ".join(unknown), known=", ".join(RULE_IDS))), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        journey_map = load_map(args.map)
    except MapFileError as exc:
        print(_("{file}: {problem}").format(file=args.map, problem=exc.problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    findings = check_map(journey_map, disabled={*skipped, *(journey_map.checks_off or ())})
    if args.json:
        sys.stdout.write(json.dumps({"findings": [finding.as_json() for finding in findings]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in findings:
            print(f"{finding.message} [{finding.rule}]")
        print(ngettext("{count} finding", "{count} findings", len(findings)).format(count=len(findings))
              if findings else _("no findings: the map is ready to hand over"))
    return EXIT_FINDINGS if findings else EXIT_CLEAN
