# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Counting for setup/test.

``odoo LOG_JSON [LABEL]``: reads Odoo's test output on stdin, echoes it, and
writes the counts it found (tests run, failed, errors, skipped, skips for a
missing dependency, errors logged outside tests) to LOG_JSON, with LABEL naming
what was tested.

``summary ODOO_JSON... JUNIT_XML``: adds the counts of every Odoo run and
pytest's JUnit report and prints the closing line ``N passed, N failed[, N
skipped]``; exits 1 when anything failed, when a test was skipped for a missing
dependency, when an Odoo run ran no test, or when no test ran at all.

``repeat ODOO_JSON...``: the same for runs of the same tests repeated
(``setup/test --repeat``), without pytest, plus which test failed in which run.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
    r" when loading database"
)
SKIP = re.compile(r" INFO \S+ (?P<logger>\S+): skipped (?P<test>.+?) : (?P<reason>.*)$")
FAILED_TEST = re.compile(r" (?:FAIL|ERROR): (?P<test>\S+)")
LOG_LEVEL = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (?P<level>[A-Z]+) ")
MISSING_DEPENDENCY = re.compile(
    r"not installed|not found|no module named|cannot find|unavailable|"
    r"chrome|chromium|websocket|wkhtmltopdf",
    re.IGNORECASE,
)


def read_odoo_log(out_path, label="both addons"):
    counts = {
        "label": label,
        "run": 0,
        "failed": 0,
        "errors": 0,
        "skipped": 0,
        "missing_dependency": [],
        "logged_errors": [],
        "failed_tests": [],
        "summary_seen": False,
    }
    in_failure = False
    for line in sys.stdin:
        sys.stdout.write(line)
        sys.stdout.flush()
        line = line.rstrip("\n")
        match = SUMMARY.search(line)
        if match:
            counts["summary_seen"] = True
            counts["run"] = int(match["run"])
            counts["failed"] = int(match["failed"])
            counts["errors"] = int(match["errors"])
            continue
        match = SKIP.search(line)
        if match:
            counts["skipped"] += 1
            if MISSING_DEPENDENCY.search(match["reason"]):
                counts["missing_dependency"].append(
                    f"{match['test']}: {match['reason']}"
                )
            continue
        level = LOG_LEVEL.match(line)
        if level:
            in_failure = level["level"] in ("ERROR", "CRITICAL") and (
                " FAIL: " in line or " ERROR: " in line
            )
            if level["level"] in ("ERROR", "CRITICAL") and not in_failure:
                counts["logged_errors"].append(line)
            failed_test = in_failure and FAILED_TEST.search(line)
            if failed_test and failed_test["test"] not in counts["failed_tests"]:
                counts["failed_tests"].append(failed_test["test"])
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(counts, out)


def read_junit(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in total:
            total[key] += int(suite.get(key, 0))
    return total


def summary(odoo_jsons, junit_xml=None):
    problems = []
    runs = []
    for path in odoo_jsons:
        with open(path, encoding="utf-8") as fp:
            runs.append(json.load(fp))
    passed = failed = skipped = 0
    for odoo in runs:
        label = odoo.get("label", "both addons")
        if not odoo["summary_seen"]:
            problems.append(
                f"Odoo ended without its test summary ({label}): "
                "it crashed or stopped."
            )
        elif not odoo["run"]:
            problems.append(f"No Odoo test ran ({label}).")
        run_failed = odoo["failed"] + odoo["errors"]
        passed += odoo["run"] - run_failed - odoo["skipped"]
        skipped += odoo["skipped"]
        if odoo["logged_errors"] and not run_failed:
            run_failed += 1
            problems.append(
                f"Odoo logged errors outside any test ({label}):\n  "
                + "\n  ".join(odoo["logged_errors"][:20])
            )
        if odoo["missing_dependency"]:
            run_failed += len(odoo["missing_dependency"])
            problems.append(
                "Tests skipped for a missing dependency (a skipped test is not "
                f"a pass; {label}):\n  " + "\n  ".join(odoo["missing_dependency"])
            )
        failed += run_failed
    pytest = read_junit(junit_xml) if junit_xml else None
    if junit_xml and pytest is None:
        problems.append("pytest wrote no report for the repository-level tests.")
    elif pytest is not None:
        pytest_failed = pytest["failures"] + pytest["errors"]
        failed += pytest_failed
        skipped += pytest["skipped"]
        passed += pytest["tests"] - pytest_failed - pytest["skipped"]
    if passed + failed == 0:
        problems.append("No test ran.")
    print()
    for odoo in runs:
        print(
            f"Odoo tests ({odoo.get('label', 'both addons')}): {odoo['run']} run, "
            f"{odoo['failed']} failed, {odoo['errors']} errors, "
            f"{odoo['skipped']} skipped"
        )
    if pytest is not None:
        print(
            f"Repository tests (pytest-odoo): {pytest['tests']} run, "
            f"{pytest['failures']} failed, {pytest['errors']} errors, "
            f"{pytest['skipped']} skipped"
        )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    closing = f"{passed} passed, {failed} failed"
    if skipped:
        closing += f", {skipped} skipped"
    print(closing)
    return 1 if failed or problems else 0


def repeat(odoo_jsons):
    """Summary of the same tests run several times, with each failing test
    and the runs it failed in."""
    failures = {}
    for number, path in enumerate(odoo_jsons, start=1):
        with open(path, encoding="utf-8") as fp:
            for test in json.load(fp).get("failed_tests", []):
                failures.setdefault(test, []).append(number)
    print(f"\nThe same tests were run {len(odoo_jsons)} times.")
    for test, numbers in sorted(failures.items()):
        print(
            f"FAILED {len(numbers)} of {len(odoo_jsons)} runs: {test} "
            f"(runs {', '.join(map(str, numbers))})"
        )
    if not failures:
        print("No test failed in any run.")
    return summary(odoo_jsons)


if __name__ == "__main__":
    if sys.argv[1] == "odoo":
        read_odoo_log(*sys.argv[2:4])
    elif sys.argv[1] == "repeat":
        sys.exit(repeat(sys.argv[2:]))
    else:
        sys.exit(summary(sys.argv[2:-1], sys.argv[-1]))
