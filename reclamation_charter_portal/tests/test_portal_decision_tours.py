# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tours of the decisions (headless Chromium): the customer reads the
decision, downloads the letter and asks for an appeal; axe-core checks the
complaint page showing a decision, an offer and the appeal form."""

import os
from pathlib import Path

from lxml import html

from odoo.tests import HttpCase, tagged

from .common import PhoneCheckMixin
from .test_portal_decisions import DecisionPortalCase
from .test_portal_tours import AXE_JS_DEFAULT, TestPortalAccessibility

APPEAL_REASON = "The decision ignores the receipt I sent on the decision tour"


@tagged("post_install", "-at_install")
class TestPortalDecisionTour(DecisionPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()

    def setUp(self):
        super().setUp()
        self.decision = self._send_decision(self.complaint, pdf=True)
        self.assertEqual(self.complaint.appeal_state, "open")

    def test_tour_customer_reads_the_decision_and_appeals(self):
        url = f"/my/complaints/{self.complaint.id}"
        # The letter's link, from the test side: a PDF, to the customer.
        self.authenticate("rcpc-claire", "rcpc-claire")
        page = self.url_open(url)
        (href,) = html.fromstring(page.text).xpath(
            "//a[hasclass('o_reclamation_decision_letter')]/@href"
        )
        response = self.url_open(href)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"].split(";")[0], "application/pdf"
        )
        self.assertEqual(response.content, self.decision.report_attachment_id.raw)
        self.start_tour(url, "reclamation_portal_decision", login="rcpc-claire")
        self.env.invalidate_all()
        complaint = self.complaint.sudo()
        self.assertEqual(complaint.appeal_state, "requested")
        self.assertEqual(complaint.appeal_reason, APPEAL_REASON)
        self.assertEqual(complaint.appeal_channel, "portal")
        self.assertFalse(complaint.closed)
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "appeal")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.claire)


@tagged("post_install", "-at_install")
class TestPortalDecisionAccessibility(DecisionPortalCase, HttpCase):
    """axe-core on the complaint page showing decisions, an offer and the
    appeal form, and on the offer's confirmation page: no serious or
    critical WCAG 2.1 AA violation (as TestPortalAccessibility checks the
    other pages, with the same script)."""

    _check_page = TestPortalAccessibility._check_page

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()
        path = Path(os.environ.get("RECLAMATION_AXE_JS") or AXE_JS_DEFAULT)
        cls.axe_source = path.read_text() if path.is_file() else None
        cls.axe_path = path

    def setUp(self):
        super().setUp()
        if self.axe_source is None:
            # As TestPortalAccessibility: a missing axe-core is a failure.
            self.fail(
                f"axe-core not installed at {self.axe_path} "
                "(setup/_lib.sh ensure_axe_core)."
            )

    def _check_complaint_page(self, complaint, markers, wait_for):
        self.authenticate("rcpc-claire", "rcpc-claire")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        for marker in markers:
            self.assertIn(marker, page.text)
        self._check_page(
            f"/my/complaints/{complaint.id}", wait_for, login="rcpc-claire"
        )

    def test_axe_complaint_with_decision_and_appeal_form(self):
        """A rejection open to appeal: the decision, its letter and the appeal
        form."""
        self._send_decision(self.complaint, outcome="rejected")
        self.assertTrue(self.complaint._reclamation_can_appeal())
        self._check_complaint_page(
            self.complaint,
            ("o_reclamation_decision_letter", "o_reclamation_appeal_form"),
            ".o_reclamation_appeal_form",
        )

    def test_axe_complaint_with_pending_offer(self):
        """An amicable offer awaiting the customer: its accept and refuse
        buttons."""
        self._send_decision(self.complaint, outcome="partly_upheld", is_offer=True)
        self.assertTrue(self.complaint._reclamation_pending_offer())
        self._check_complaint_page(
            self.complaint,
            ("o_reclamation_offer_accept_form", "o_reclamation_offer_refuse_form"),
            ".o_reclamation_offer_answer",
        )

    def test_axe_offer_confirmation_page(self):
        offer = self._send_decision(self.complaint, is_offer=True)
        self._check_page(
            f"/my/complaints/{self.complaint.id}/offer/{offer.id}/accept"
            f"?access_token={offer.access_token}",
            ".o_reclamation_offer_confirm_form",
            # The link of the email, not logged in.
            login=None,
        )


@tagged("post_install", "-at_install")
class TestPortalDecisionMobile(PhoneCheckMixin, DecisionPortalCase, HttpCase):
    """The pages of the decisions on a 375-pixel-wide phone: nothing wider
    than the screen, no horizontal scroll."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()

    def _check(self, url, selector, login="rcpc-claire"):
        self._check_fits_a_phone(
            url,
            selector,
            ".o_reclamation_complaint_page *, .o_reclamation_offer_page *",
            login=login,
        )

    def test_decision_and_appeal_form_on_a_phone(self):
        self._send_decision(self.complaint, outcome="rejected")
        self._check(f"/my/complaints/{self.complaint.id}", ".o_reclamation_appeal_form")

    def test_offer_buttons_and_confirmation_on_a_phone(self):
        offer = self._send_decision(self.complaint, is_offer=True)
        self._check(
            f"/my/complaints/{self.complaint.id}", ".o_reclamation_offer_answer"
        )
        self._check(
            f"/my/complaints/{self.complaint.id}/offer/{offer.id}/refuse"
            f"?access_token={offer.access_token}",
            ".o_reclamation_offer_confirm_form",
            login=None,
        )
