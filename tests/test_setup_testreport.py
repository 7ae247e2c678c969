# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""setup/test's counting: a skipped browser test or an empty run is a failure."""

import subprocess
import sys
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "setup" / "_testreport.py"

STAMP = "2026-11-25 10:00:00,000 1"
SUMMARY = (
    f"{STAMP} INFO db odoo.tests.result: "
    "0 failed, 0 error(s) of 3 tests when loading database 'db'\n"
)
PASSING_LOG = (
    f"{STAMP} INFO db odoo.addons.x.tests.test_a: Starting TestA.test_a ...\n" + SUMMARY
)
SKIPPED_BROWSER_LOG = (
    f"{STAMP} INFO db odoo.addons.x.tests.test_tour: skipped test_tour "
    "(odoo.addons.x.tests.test_tour.TestTour.test_tour) : "
    "websocket-client module is not installed\n" + SUMMARY
)
SKIPPED_PDF_LOG = (
    f"{STAMP} INFO db odoo.addons.x.tests.test_pdf: skipped test_pdf "
    "(odoo.addons.x.tests.test_pdf.TestPdf.test_pdf) : "
    "Unable to convert multiple documents via wkhtmltopdf using unpatched QT\n"
    + SUMMARY
)
CRASHED_LOG = (
    f"{STAMP} CRITICAL db odoo.service.server: Failed to initialize database `db`.\n"
)

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest"
 errors="0" failures="0" skipped="0" tests="2"></testsuite></testsuites>"""


HOST_ERRORS_LOG = (
    f"{STAMP} ERROR db odoo.tests.suite: ERROR: setUpClass "
    "(odoo.addons.helpdesk_mgmt.tests.test_res_partner.TestPartner)\n"
    "Traceback (most recent call last):\n"
    'psycopg2.errors.NotNullViolation: null value in column "x"\n'
    f"{STAMP} ERROR db odoo.tests.result: "
    "0 failed, 4 error(s) of 18 tests when loading database 'db'\n"
)


def _count(tmp_path, logs):
    """Counts each Odoo log as one run; returns the paths of the counts."""
    odoo_jsons = []
    for number, log in enumerate(logs, start=1):
        odoo_json = tmp_path / f"run-{number}.json"
        subprocess.run(
            [sys.executable, str(REPORT), "odoo", str(odoo_json), f"run {number}"],
            input=log,
            text=True,
            check=True,
            capture_output=True,
        )
        odoo_jsons.append(str(odoo_json))
    return odoo_jsons


def _report(*args):
    done = subprocess.run(
        [sys.executable, str(REPORT), *args], text=True, capture_output=True
    )
    return done.returncode, done.stdout.strip().splitlines()


def _run(tmp_path, *logs, junit=JUNIT):
    """Counts each Odoo log as one run, then prints the summary."""
    junit_xml = tmp_path / "pytest.xml"
    junit_xml.write_text(junit)
    code, lines = _report("summary", *_count(tmp_path, logs), str(junit_xml))
    return code, lines[-1]


def test_all_passing(tmp_path):
    assert _run(tmp_path, PASSING_LOG) == (0, "5 passed, 0 failed")


def test_browser_test_skipped_for_missing_dependency_fails(tmp_path):
    code, closing = _run(tmp_path, SKIPPED_BROWSER_LOG)
    assert code == 1
    assert closing == "4 passed, 1 failed, 1 skipped"


def test_pdf_test_skipped_for_wkhtmltopdf_fails(tmp_path):
    code, closing = _run(tmp_path, SKIPPED_PDF_LOG)
    assert code == 1
    assert closing == "4 passed, 1 failed, 1 skipped"


def test_odoo_crash_fails(tmp_path):
    code, closing = _run(tmp_path, CRASHED_LOG)
    assert code == 1
    assert closing.endswith("1 failed")


def test_no_test_at_all_fails(tmp_path):
    empty_junit = JUNIT.replace('tests="2"', 'tests="0"')
    log = PASSING_LOG.replace("of 3 tests", "of 0 tests")
    code, closing = _run(tmp_path, log, junit=empty_junit)
    assert code == 1
    assert closing == "0 passed, 0 failed"


def test_two_odoo_runs_add_up(tmp_path):
    assert _run(tmp_path, PASSING_LOG, PASSING_LOG) == (0, "8 passed, 0 failed")


def test_errors_of_the_host_suites_count(tmp_path):
    code, closing = _run(tmp_path, PASSING_LOG, HOST_ERRORS_LOG)
    assert code == 1
    assert closing == "19 passed, 4 failed"


def test_an_odoo_run_without_tests_fails(tmp_path):
    """The host suites not found (a wrong tag) is not a pass."""
    code, closing = _run(tmp_path, PASSING_LOG, SUMMARY.replace("of 3", "of 0"))
    assert code == 1
    assert closing == "5 passed, 0 failed"


FAILED_TOUR_LOG = (
    f"{STAMP} ERROR db odoo.addons.x.tests.test_tour: FAIL: "
    "TestTour.test_tour\nTraceback (most recent call last):\n"
    "AssertionError: The test code failed\n"
    f"{STAMP} ERROR db odoo.tests.result: "
    "1 failed, 0 error(s) of 3 tests when loading database 'db'\n"
)


def _repeat(tmp_path, *logs):
    """Counts each Odoo log as one run of the same tests, then prints the
    summary of setup/test --repeat."""
    return _report("repeat", *_count(tmp_path, logs))


def test_repeat_names_the_test_that_failed_once(tmp_path):
    """A test failing in one run of three fails the whole repetition, and the
    report says which test and which run."""
    code, lines = _repeat(tmp_path, SUMMARY, FAILED_TOUR_LOG, SUMMARY)
    assert code == 1
    assert "FAILED 1 of 3 runs: TestTour.test_tour (runs 2)" in lines
    assert lines[-1] == "8 passed, 1 failed"


def test_repeat_all_passing(tmp_path):
    code, lines = _repeat(tmp_path, SUMMARY, SUMMARY)
    assert code == 0
    assert "No test failed in any run." in lines
    assert lines[-1] == "6 passed, 0 failed"
